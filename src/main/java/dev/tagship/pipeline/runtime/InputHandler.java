package dev.tagship.pipeline.runtime;

import dev.tagship.pipeline.model.ParameterDefinition;
import java.util.List;
import java.util.Map;

/**
 * Answers {@code input} steps: on the command line a prompt, in the dashboard a form. Blocks until
 * someone answers.
 */
public interface InputHandler {

  Answer ask(Request request) throws InterruptedException;

  /** An input waiting for an answer. */
  record Request(
      String id,
      String message,
      String ok,
      List<ParameterDefinition> parameters,
      String submitter,
      String stage) {
    public Request {
      parameters = List.copyOf(parameters);
    }
  }

  /**
   * @param values the parameter values given, by name
   * @param by who answered, for the log
   */
  record Answer(boolean proceed, Map<String, Object> values, String by) {
    public Answer {
      values = Map.copyOf(values);
    }
  }

  /** For runs nobody can answer: every input is aborted, and the log says why. */
  static InputHandler unattended() {
    return request -> new Answer(false, Map.of(), "nobody (no one can answer input in this run)");
  }
}
