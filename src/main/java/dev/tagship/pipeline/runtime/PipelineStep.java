package dev.tagship.pipeline.runtime;

import java.util.Set;

/**
 * A step of the engine, called from a Jenkinsfile by name. Jenkins' calling conventions apply: one
 * unnamed argument goes to {@link #defaultParameter()}, named arguments must be among {@link
 * #parameters()}, a trailing block is the body of a block step.
 */
public interface PipelineStep {

  String name();

  /** The parameter an unnamed single argument binds to, e.g. {@code script} for {@code sh 'ls'}. */
  default String defaultParameter() {
    return null;
  }

  /** The named parameters the step accepts. */
  Set<String> parameters();

  default boolean takesBody() {
    return false;
  }

  /**
   * Whether the log shows a {@code [Pipeline] name} line for the call (symbols such as {@code
   * string(...)} have none).
   */
  default boolean logged() {
    return true;
  }

  /** Whether the arguments are passed as written (a map of branches for {@code parallel}). */
  default boolean rawArguments() {
    return false;
  }

  Object call(StepCall call) throws Exception;
}
