package dev.tagship.cli;

import dev.tagship.pipeline.model.ParameterDefinition;
import dev.tagship.pipeline.runtime.InputHandler;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Answers {@code input} steps at the terminal: proceed or abort, then each parameter (Enter keeps
 * the default). With standard input closed nobody can answer, and the input is aborted.
 */
final class ConsoleInput implements InputHandler {

  private final BufferedReader in;
  private final PrintStream prompt;
  private final String user;

  ConsoleInput(BufferedReader in, PrintStream prompt, String user) {
    this.in = in;
    this.prompt = prompt;
    this.user = user;
  }

  @Override
  public synchronized Answer ask(Request request) {
    while (true) {
      prompt.print(request.message() + " [" + request.ok() + "/abort]: ");
      prompt.flush();
      String line = readLine();
      if (line == null) {
        prompt.println();
        return new Answer(false, Map.of(), "nobody (standard input is closed)");
      }
      String answer = line.trim().toLowerCase(java.util.Locale.ROOT);
      if (answer.equals("abort")
          || answer.equals("a")
          || answer.equals("n")
          || answer.equals("no")) {
        return new Answer(false, Map.of(), user);
      }
      if (answer.isEmpty()
          || answer.equals("y")
          || answer.equals("yes")
          || answer.equals("proceed")
          || answer.equalsIgnoreCase(request.ok())) {
        return new Answer(true, parameters(request), user);
      }
      prompt.println("Answer " + request.ok() + " (or Enter) to go on, abort to stop.");
    }
  }

  private Map<String, Object> parameters(Request request) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (ParameterDefinition parameter : request.parameters()) {
      String shown = parameter.secret() ? "****" : String.valueOf(parameter.defaultValue());
      prompt.print(parameter.name() + " [" + shown + "]: ");
      prompt.flush();
      String line = readLine();
      if (line != null && !line.isEmpty()) {
        values.put(
            parameter.name(),
            parameter.type() == ParameterDefinition.Type.BOOLEAN
                ? Boolean.valueOf(line.trim())
                : line);
      }
    }
    return values;
  }

  private String readLine() {
    try {
      return in.readLine();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
