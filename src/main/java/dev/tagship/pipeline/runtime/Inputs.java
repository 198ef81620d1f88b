package dev.tagship.pipeline.runtime;

import dev.tagship.pipeline.model.InputDefinition;
import dev.tagship.pipeline.model.ParameterDefinition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Asks an {@code input} question (step or stage directive) and logs the answer as Jenkins does. */
public final class Inputs {

  private Inputs() {}

  /**
   * @return the values given for the input's parameters (and its submitter parameter), empty when
   *     it has none
   * @throws FlowInterruptedException ABORTED when the answer is abort
   */
  public static Map<String, Object> ask(PipelineRun run, InputDefinition input)
      throws InterruptedException {
    String id = input.id() == null ? defaultId(input.message()) : input.id();
    run.log().output(run.frame(), input.message());
    run.log().output(run.frame(), (input.ok() == null ? "Proceed" : input.ok()) + " or Abort");
    InputHandler.Answer answer =
        run.input()
            .ask(
                new InputHandler.Request(
                    id,
                    input.message(),
                    input.ok() == null ? "Proceed" : input.ok(),
                    input.parameters(),
                    input.submitter(),
                    run.frame().stage()));
    if (!answer.proceed()) {
      run.log().output(run.frame(), "Aborted by " + answer.by());
      throw new FlowInterruptedException(Result.ABORTED, "Rejected by " + answer.by());
    }
    run.log().output(run.frame(), "Approved by " + answer.by());
    Map<String, Object> values = new LinkedHashMap<>();
    for (ParameterDefinition parameter : input.parameters()) {
      Object value = answer.values().getOrDefault(parameter.name(), parameter.defaultValue());
      values.put(parameter.name(), value);
      if (parameter.secret() && value != null) {
        run.log().mask(List.of(value.toString()));
      }
    }
    if (input.submitterParameter() != null) {
      values.put(input.submitterParameter(), answer.by());
    }
    return values;
  }

  /** Jenkins' default id: the MD5 of the message in hex, capitalised. */
  static String defaultId(String message) {
    try {
      byte[] digest =
          java.security.MessageDigest.getInstance("MD5")
              .digest(message.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      String hex = java.util.HexFormat.of().formatHex(digest);
      return hex.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + hex.substring(1);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has MD5", e);
    }
  }
}
