package dev.tagship.pipeline.steps;

import dev.tagship.pipeline.runtime.PipelineStep;
import dev.tagship.pipeline.runtime.StepCall;
import java.util.Set;

/** A step defined by its calling convention and a function of the call. */
record SimpleStep(
    String name,
    String defaultParameter,
    Set<String> parameters,
    boolean takesBody,
    boolean logged,
    boolean rawArguments,
    Body body)
    implements PipelineStep {

  @FunctionalInterface
  interface Body {
    Object run(StepCall call) throws Exception;
  }

  static SimpleStep of(String name, String defaultParameter, Set<String> parameters, Body body) {
    return new SimpleStep(name, defaultParameter, parameters, false, true, false, body);
  }

  static SimpleStep block(String name, String defaultParameter, Set<String> parameters, Body body) {
    return new SimpleStep(name, defaultParameter, parameters, true, true, false, body);
  }

  /** A symbol such as {@code string(...)}: no log line, evaluates to a description. */
  static SimpleStep symbol(String name, Set<String> parameters) {
    return symbol(name, null, parameters);
  }

  /** A symbol whose one required parameter may be given unnamed. */
  static SimpleStep symbol(String name, String defaultParameter, Set<String> parameters) {
    return new SimpleStep(
        name,
        defaultParameter,
        parameters,
        false,
        false,
        false,
        call -> new dev.tagship.pipeline.runtime.Describable(name, call.arguments()));
  }

  @Override
  public Object call(StepCall call) throws Exception {
    return body.run(call);
  }
}
