package dev.tagship.pipeline.model;

import java.util.List;

/** A stage's {@code input} directive: the question asked before the stage runs. */
public record InputDefinition(
    String message,
    String id,
    String ok,
    String submitter,
    String submitterParameter,
    List<ParameterDefinition> parameters) {

  public InputDefinition {
    parameters = List.copyOf(parameters);
  }
}
