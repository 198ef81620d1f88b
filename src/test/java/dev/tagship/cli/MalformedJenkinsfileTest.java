package dev.tagship.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.tagship.pipeline.JenkinsGrammar;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.CompilationUnit;
import org.codehaus.groovy.control.Phases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * A corpus of broken Jenkinsfiles, made from the repository's own (Jenkinsfile.example and the
 * conformance cases) with a fixed seed, each run through {@code tagship run} as a user runs it.
 * Each must end within 10 s, without a Java stack trace, either as a normal run (the mutation left
 * a valid Jenkinsfile) or with exit code 2 and the line and column of the fault, never a place
 * before the mutation (such as {@code pipeline {} when the fault is further down). Whether a
 * mutant has a syntax error, and so must exit with 2, is decided apart from tagship run, by
 * Jenkins' Groovy 2.4 and Groovy 4's parser.
 */
class MalformedJenkinsfileTest {

  private static final long SEED = 11;
  private static final int RANDOM_MUTANTS = 150;
  private static final Pattern PLACE = Pattern.compile("line (\\d+), column (\\d+)");
  private static final Pattern STACK_FRAME = Pattern.compile("(?m)^\\s+at [\\w.$/<>]+\\(.*\\)$");

  @TempDir static Path home;
  @TempDir static Path workspace;
  private static ExecutorService runner;
  private static JenkinsGrammar grammar;

  private static final Map<String, Integer> OUTCOMES = new java.util.TreeMap<>();

  /**
   * One untimed run of a valid Jenkinsfile first: the first run in a JVM loads both Groovys, which
   * every file pays once and is not what the bound is about.
   */
  @BeforeAll
  static void startRunner() throws Exception {
    runner = Executors.newCachedThreadPool();
    grammar = new JenkinsGrammar(Path.of(RunCommandTest.TEST_CACHE));
    Files.writeString(
        workspace.resolve("Jenkinsfile"),
        "pipeline { agent any; stages { stage('a') { steps { echo 'warm' } } } }\n");
    assertThat(Main.run(context(new ByteArrayOutputStream()), "run", "--store", store())).isZero();
  }

  @AfterAll
  static void stopRunner() {
    runner.shutdownNow();
    grammar.close();
    System.out.println("malformed Jenkinsfiles by outcome: " + OUTCOMES);
  }

  private static String store() {
    return home.resolve("runs.db").toString();
  }

  private static CliContext context(ByteArrayOutputStream output) {
    PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8);
    return RunCommandTest.context(home, workspace, "", print, print);
  }

  /** A broken file, and where it was broken (1-based). */
  record Mutant(String name, byte[] bytes, int line, int column, boolean notText) {}

  @TestFactory
  Stream<DynamicTest> everyMalformedJenkinsfileFailsFastWithItsPlaceAndExitCode2()
      throws IOException {
    return mutants().stream()
        .map(mutant -> DynamicTest.dynamicTest(mutant.name(), () -> check(mutant)));
  }

  private static void check(Mutant mutant) throws Exception {
    Path file = workspace.resolve("Jenkinsfile");
    Files.write(file, mutant.bytes());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CliContext context = context(out);
    Future<Integer> run = runner.submit(() -> Main.run(context, "run", "--store", store()));
    int exit;
    try {
      exit = run.get(10, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      run.cancel(true);
      fail(mutant.name() + " still running after 10 s");
      return;
    }
    String output = out.toString(StandardCharsets.UTF_8);
    synchronized (OUTCOMES) {
      OUTCOMES.merge("exit " + exit, 1, Integer::sum);
    }
    String context2 = mutant.name() + " (exit " + exit + "):\n" + tail(output);
    assertThat(output).as(context2).doesNotContain("\tat ").doesNotContainPattern(STACK_FRAME);
    assertThat(output).as(context2).doesNotContain("unexpected error");
    if (exit != 2) {
      assertThat(mutant.notText()).as(context2).isFalse();
      assertThat(syntaxErrors(mutant)).as(context2 + "\na syntax error must exit with 2").isEmpty();
      assertThat(exit).as(context2).isIn(0, 1, 3, 4);
      assertThat(output).as(context2).containsPattern("Finished: [A-Z_]+\\n$");
      return;
    }
    Matcher place = PLACE.matcher(output);
    assertThat(place.find()).as(context2 + "\nno line and column").isTrue();
    int line = Integer.parseInt(place.group(1));
    int column = Integer.parseInt(place.group(2));
    if (mutant.notText()) {
      assertThat(List.of(line, column))
          .as(context2)
          .containsExactly(mutant.line(), mutant.column());
    } else {
      // a parser finds a fault where the text stops making sense: at the change or after it
      assertThat(line)
          .as(context2 + "\nreported before the mutated line")
          .isGreaterThanOrEqualTo(mutant.line());
      assertThat(line)
          .as(context2)
          .isLessThanOrEqualTo(
              new String(mutant.bytes(), StandardCharsets.UTF_8).split("\n", -1).length);
      assertThat(column).as(context2).isPositive();
    }
  }

  /**
   * The syntax errors Jenkins' Groovy 2.4 or Groovy 4 find in the mutant, found here apart from
   * tagship run: the oracle for "this file cannot be compiled, so the exit code is 2".
   */
  private static List<String> syntaxErrors(Mutant mutant) {
    String text = new String(mutant.bytes(), StandardCharsets.UTF_8);
    List<String> errors = new ArrayList<>();
    grammar
        .check(text, JenkinsGrammar.JENKINSFILE_SCRIPT_NAME)
        .forEach(e -> errors.add(e.toString()));
    if (errors.isEmpty()) {
      try {
        CompilationUnit unit = new CompilationUnit();
        unit.addSource(JenkinsGrammar.JENKINSFILE_SCRIPT_NAME, text);
        unit.compile(Phases.CONVERSION);
      } catch (CompilationFailedException e) {
        errors.add(e.getMessage());
      }
    }
    return errors;
  }

  private static String tail(String output) {
    List<String> lines = output.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
  }

  /** The corpus: random breaks of the seed files, then the extreme cases. */
  static List<Mutant> mutants() throws IOException {
    List<Seed> seeds = seeds();
    Random random = new Random(SEED);
    List<Mutant> mutants = new ArrayList<>();
    String[] kinds = {"delete", "truncate", "duplicate-line", "invalid-utf8", "nul"};
    for (int i = 0; i < RANDOM_MUTANTS; i++) {
      Seed seed = seeds.get(random.nextInt(seeds.size()));
      String kind = i % 7 < 4 ? "delete" : kinds[1 + random.nextInt(kinds.length - 1)];
      mutants.add(mutate(seed, kind, i, random));
    }
    mutants.addAll(extremes());
    return mutants;
  }

  private static Mutant mutate(Seed seed, String kind, int index, Random random) {
    String text = seed.text();
    String name = index + " " + kind + " of " + seed.name();
    switch (kind) {
      case "delete" -> {
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
          if ("{}()[]'\"".indexOf(text.charAt(i)) >= 0) {
            candidates.add(i);
          }
        }
        int at = candidates.get(random.nextInt(candidates.size()));
        return mutant(
            name + " '" + text.charAt(at) + "'",
            text.substring(0, at) + text.substring(at + 1),
            text,
            at,
            false);
      }
      case "truncate" -> {
        int at = 1 + random.nextInt(text.length() - 1);
        return mutant(name, text.substring(0, at), text, at, false);
      }
      case "duplicate-line" -> {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        int line = random.nextInt(lines.size() - 1);
        lines.add(line + 1, lines.get(line));
        String mutated = String.join("\n", lines);
        int offset = 0;
        for (int i = 0; i <= line; i++) {
          offset += lines.get(i).length() + 1;
        }
        return mutant(name + " " + (line + 1), mutated, mutated, offset, false);
      }
      default -> {
        int at = random.nextInt(text.length());
        byte[] before = text.substring(0, at).getBytes(StandardCharsets.UTF_8);
        byte[] after = text.substring(at).getBytes(StandardCharsets.UTF_8);
        byte[] inserted = kind.equals("nul") ? new byte[] {0} : new byte[] {(byte) 0xC3, '('};
        byte[] bytes = new byte[before.length + inserted.length + after.length];
        System.arraycopy(before, 0, bytes, 0, before.length);
        System.arraycopy(inserted, 0, bytes, before.length, inserted.length);
        System.arraycopy(after, 0, bytes, before.length + inserted.length, after.length);
        return new Mutant(name, bytes, lineOf(text, at), columnOf(text, at), true);
      }
    }
  }

  private static Mutant mutant(String name, String mutated, String placeText, int at, boolean bad) {
    return new Mutant(
        name,
        mutated.getBytes(StandardCharsets.UTF_8),
        lineOf(placeText, at),
        columnOf(placeText, at),
        bad);
  }

  /** Nesting and strings far past what a Jenkinsfile needs: each fails at once, with its place. */
  private static List<Mutant> extremes() {
    List<Mutant> extremes = new ArrayList<>();
    StringBuilder stages = new StringBuilder("pipeline {\n  agent any\n  stages {\n");
    for (int i = 0; i < 1000; i++) {
      stages.append("stage('s").append(i).append("') { stages {\n");
    }
    stages.append("stage('leaf') { steps { echo 'leaf' } }\n");
    stages.append("} }\n".repeat(1000)).append("  }\n}\n");
    String nested = stages.toString();
    extremes.add(mutant("1000 nested stages", nested, nested, nested.indexOf("stage("), false));
    String closures =
        "pipeline {\n  agent any\n  stages {\n    stage('a') {\n      steps {\n        script {\n"
            + "          def f = "
            + "{ -> ".repeat(3000)
            + "1"
            + " }".repeat(3000)
            + "\n        }\n      }\n    }\n  }\n}\n";
    extremes.add(
        mutant("3000 nested closures", closures, closures, closures.indexOf("def f"), false));
    String head =
        "pipeline {\n  agent any\n  stages {\n    stage('a') {\n      steps {\n        script {\n";
    String end = "\n          echo 'done'\n        }\n      }\n    }\n  }\n}\n";
    String interpolated = head + "          def v = \"" + "${env.X}y".repeat(100_000) + "\"" + end;
    extremes.add(
        mutant(
            "1 MB interpolated string",
            interpolated,
            interpolated,
            interpolated.indexOf("def v"),
            false));
    String paths = head + "          def v = \"" + "$x.".repeat(250_000) + "\"" + end;
    extremes.add(mutant("1 MB string of $x. paths", paths, paths, paths.indexOf("def v"), false));
    String single = head + "          def v = '" + "y".repeat(1_000_000) + "'" + end;
    extremes.add(
        mutant("1 MB single-quoted string", single, single, single.indexOf("def v"), false));
    String lines =
        head + "          def v = \"\"\"" + "line ${env.X}\n".repeat(70_000) + "\"\"\"" + end;
    extremes.add(mutant("1 MB multi-line GString", lines, lines, lines.indexOf("def v"), false));
    return extremes;
  }

  private static int lineOf(String text, int offset) {
    int line = 1;
    for (int i = 0; i < offset && i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  private static int columnOf(String text, int offset) {
    return offset - (text.lastIndexOf('\n', offset - 1) + 1) + 1;
  }

  record Seed(String name, String text) {}

  /**
   * The repository's Jenkinsfiles, less those that wait (sleep, input, timeouts): a mutation that
   * leaves them valid would run for as long as they wait.
   */
  private static List<Seed> seeds() throws IOException {
    List<Seed> seeds = new ArrayList<>();
    seeds.add(new Seed("Jenkinsfile.example", Files.readString(Path.of("Jenkinsfile.example"))));
    Path conformance = Path.of("src", "test", "resources", "conformance");
    try (Stream<Path> files = Files.walk(conformance)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".groovy")).sorted().toList()) {
        String text = Files.readString(file);
        if (Stream.of("sleep", "input", "timeout", "waitUntil", "lock").noneMatch(text::contains)) {
          seeds.add(new Seed(conformance.relativize(file).toString(), text));
        }
      }
    }
    return seeds;
  }
}
