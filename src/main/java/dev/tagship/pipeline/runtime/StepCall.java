package dev.tagship.pipeline.runtime;

import groovy.lang.Closure;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** One call of a step: its arguments, its block, and the run it happens in. */
public final class StepCall {

  private final PipelineRun run;
  private final String name;
  private final Map<String, Object> arguments;
  private final Object[] raw;
  private final Closure<?> body;

  StepCall(
      PipelineRun run, String name, Map<String, Object> arguments, Object[] raw, Closure<?> body) {
    this.run = run;
    this.name = name;
    this.arguments = arguments;
    this.raw = raw;
    this.body = body;
  }

  public PipelineRun run() {
    return run;
  }

  public String name() {
    return name;
  }

  public Map<String, Object> arguments() {
    return arguments;
  }

  /** The arguments as written, for steps that take {@link PipelineStep#rawArguments()}. */
  public Object[] raw() {
    return raw.clone();
  }

  public Closure<?> body() {
    return body;
  }

  public Frame frame() {
    return run.frame();
  }

  public RunLog log() {
    return run.log();
  }

  /** The directory the step runs in: the workspace, or the enclosing {@code dir}. */
  public Path directory() {
    return run.frame().directory();
  }

  public void print(String text) {
    run.log().output(run.frame(), text);
  }

  public boolean has(String key) {
    return arguments.get(key) != null;
  }

  public Object value(String key) {
    return arguments.get(key);
  }

  public String string(String key) {
    Object value = arguments.get(key);
    return value == null ? null : value.toString();
  }

  public String required(String key) {
    String value = string(key);
    if (value == null) {
      throw new AbortException(name + ": missing required parameter \"" + key + "\"");
    }
    return value;
  }

  public boolean flag(String key, boolean otherwise) {
    Object value = arguments.get(key);
    if (value == null) {
      return otherwise;
    }
    if (value instanceof Boolean bool) {
      return bool;
    }
    return org.codehaus.groovy.runtime.typehandling.DefaultTypeTransformation.castToBoolean(value);
  }

  public long number(String key, long otherwise) {
    Object value = arguments.get(key);
    if (value == null) {
      return otherwise;
    }
    if (value instanceof Number number) {
      return number.longValue();
    }
    try {
      return Long.parseLong(value.toString().trim());
    } catch (NumberFormatException e) {
      throw new AbortException(
          name + ": parameter \"" + key + "\" must be a number, got '" + value + "'");
    }
  }

  public List<?> list(String key) {
    Object value = arguments.get(key);
    if (value == null) {
      return List.of();
    }
    if (value instanceof List<?> list) {
      return list;
    }
    if (value instanceof Object[] array) {
      return List.of(array);
    }
    return List.of(value);
  }

  /**
   * Runs the step's block in {@code frame}, framed by {@code [Pipeline] {} and {@code [Pipeline] }}
   * lines and a {@code // name} line after it, as Jenkins logs block steps.
   */
  public Object runBody(Frame frame) throws Exception {
    return run.block(name, null, frame, () -> run.call(body));
  }

  public Object runBody() throws Exception {
    return runBody(run.frame());
  }
}
