package dev.tagship.pipeline;

import dev.tagship.pipeline.runtime.ChangeSet;
import dev.tagship.pipeline.runtime.InputHandler;
import dev.tagship.pipeline.runtime.Result;
import dev.tagship.steps.Credential;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One case of the conformance corpus: a Jenkinsfile ({@code name.groovy}) and what Jenkins does
 * with it ({@code name.expected}).
 *
 * <p>The expectation file has {@code key: value} lines — {@code result}, {@code exit}, and what the
 * run needs: {@code parameter: NAME=value}, {@code env: NAME=value}, {@code credential: string ID
 * SECRET} or {@code credential: usernamePassword ID USER PASSWORD}, {@code input: proceed BY
 * [NAME=value...]} or {@code input: abort BY} (answered in order), {@code library: NAME=FOLDER}
 * (next to the case), {@code previous: RESULT}, {@code changed-file: PATH}, {@code commit-message:
 * TEXT} ({@code \n} for a line break), {@code disabled: WHY} (the case is skipped, with the
 * reason). Then the log sections: after {@code log in order:} each line is a log line that must
 * appear, in that order; after {@code log never:} each line must not appear; after {@code log
 * once:} each must appear exactly once, after {@code log twice:} twice. A plain entry is a whole
 * log line, {@code ~text} a part of one, {@code /regex/} a whole line matching the regex. Lines
 * starting with {@code #} are comments.
 */
record ConformanceCase(
    String name,
    String jenkinsfile,
    Result result,
    int exitCode,
    Map<String, String> parameters,
    Map<String, String> environment,
    List<Credential> credentials,
    List<InputHandler.Answer> inputs,
    Map<String, Path> libraries,
    String previousResult,
    ChangeSet changes,
    String disabledBecause,
    List<LogLine> inOrder,
    List<LogLine> never,
    List<LogLine> once,
    List<LogLine> twice) {

  /** A log line an expectation names: exactly, by a part of it, or by a regex. */
  record LogLine(String spec) {
    boolean matches(String line) {
      if (spec.startsWith("~")) {
        return line.contains(spec.substring(1));
      }
      if (spec.length() > 1 && spec.startsWith("/") && spec.endsWith("/")) {
        return Pattern.compile(spec.substring(1, spec.length() - 1)).matcher(line).matches();
      }
      return line.equals(spec);
    }

    @Override
    public String toString() {
      return spec;
    }
  }

  static ConformanceCase read(Path jenkinsfile) throws IOException {
    String fileName = jenkinsfile.getFileName().toString();
    String base = fileName.substring(0, fileName.length() - ".groovy".length());
    Path expectations = jenkinsfile.resolveSibling(base + ".expected");
    String name = jenkinsfile.getParent().getFileName() + "/" + base;
    Result result = null;
    Integer exitCode = null;
    Map<String, String> parameters = new LinkedHashMap<>();
    Map<String, String> environment = new LinkedHashMap<>();
    List<Credential> credentials = new ArrayList<>();
    List<InputHandler.Answer> inputs = new ArrayList<>();
    Map<String, Path> libraries = new LinkedHashMap<>();
    String previous = null;
    List<String> files = new ArrayList<>();
    List<String> messages = new ArrayList<>();
    String disabled = null;
    List<LogLine> inOrder = new ArrayList<>();
    List<LogLine> never = new ArrayList<>();
    List<LogLine> once = new ArrayList<>();
    List<LogLine> twice = new ArrayList<>();
    List<LogLine> section = null;
    for (String line : Files.readAllLines(expectations, StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      if (line.equals("log in order:")) {
        section = inOrder;
        continue;
      }
      if (line.equals("log never:")) {
        section = never;
        continue;
      }
      if (line.equals("log once:")) {
        section = once;
        continue;
      }
      if (line.equals("log twice:")) {
        section = twice;
        continue;
      }
      if (section != null) {
        section.add(new LogLine(line));
        continue;
      }
      int colon = line.indexOf(": ");
      if (colon < 0) {
        throw new IllegalArgumentException(expectations + ": not 'key: value': " + line);
      }
      String key = line.substring(0, colon);
      String value = line.substring(colon + 2).trim();
      switch (key) {
        case "result" -> result = Result.parse(value);
        case "exit" -> exitCode = Integer.parseInt(value);
        case "parameter" -> put(parameters, value);
        case "env" -> put(environment, value);
        case "credential" -> credentials.add(credential(value));
        case "input" -> inputs.add(answer(value));
        case "library" -> {
          int equals = value.indexOf('=');
          libraries.put(
              value.substring(0, equals), jenkinsfile.resolveSibling(value.substring(equals + 1)));
        }
        case "previous" -> previous = value;
        case "changed-file" -> files.add(value);
        case "commit-message" -> messages.add(value.replace("\\n", "\n"));
        case "disabled" -> disabled = value;
        default -> throw new IllegalArgumentException(expectations + ": unknown key " + key);
      }
    }
    if (result == null || exitCode == null || inOrder.isEmpty()) {
      throw new IllegalArgumentException(
          expectations + ": needs result, exit and a 'log in order:' section");
    }
    return new ConformanceCase(
        name,
        Files.readString(jenkinsfile, StandardCharsets.UTF_8),
        result,
        exitCode,
        parameters,
        environment,
        credentials,
        inputs,
        libraries,
        previous,
        new ChangeSet(files, messages),
        disabled,
        inOrder,
        never,
        once,
        twice);
  }

  /** Answers the case's inputs in order; an input nobody scripted is aborted. */
  InputHandler inputHandler() {
    Deque<InputHandler.Answer> answers = new ArrayDeque<>(inputs);
    return request -> {
      synchronized (answers) {
        InputHandler.Answer next = answers.poll();
        return next != null ? next : new InputHandler.Answer(false, Map.of(), "unscripted");
      }
    };
  }

  private static void put(Map<String, String> into, String assignment) {
    int equals = assignment.indexOf('=');
    into.put(assignment.substring(0, equals), assignment.substring(equals + 1));
  }

  private static Credential credential(String spec) {
    String[] words = spec.split(" ");
    return switch (words[0]) {
      case "string" -> new Credential.SecretText(words[1], words[2]);
      case "usernamePassword" -> new Credential.UsernamePassword(words[1], words[2], words[3]);
      default -> throw new IllegalArgumentException("unknown credential kind " + words[0]);
    };
  }

  private static InputHandler.Answer answer(String spec) {
    String[] words = spec.split(" ");
    Map<String, Object> values = new LinkedHashMap<>();
    for (int i = 2; i < words.length; i++) {
      int equals = words[i].indexOf('=');
      values.put(words[i].substring(0, equals), words[i].substring(equals + 1));
    }
    return new InputHandler.Answer(words[0].equals("proceed"), values, words[1]);
  }

  @Override
  public String toString() {
    return name;
  }
}
