package dev.tagship.steps;

/**
 * A pipeline step as a Jenkinsfile calls it: {@code name(key: value, ...)}, optionally with a
 * block. A step is thin: the engine binds the call's map to {@link #parameterType()}, the step
 * turns that record into a capability request, calls the capability and returns a value Groovy can
 * use. It never knows whether it runs in tagship's engine, a test or anything else.
 *
 * @param <P> the parameter record; its component names are the step's keys
 */
public interface Step<P extends Record> {

  /** The name a Jenkinsfile calls, e.g. {@code tagVersion}. */
  String name();

  Class<P> parameterType();

  /** Whether the step is a block step, called as {@code name(...) { ... }}. */
  default boolean takesBody() {
    return false;
  }

  /**
   * Runs the step.
   *
   * @param body the block of a block step, null for other steps
   * @return the value the Jenkinsfile gets back, or null
   */
  Object run(P parameters, StepContext context, StepBody body) throws Exception;
}
