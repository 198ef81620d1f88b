package dev.tagship.pipeline.runtime;

import dev.tagship.pipeline.dsl.PipelineBuilder;
import groovy.lang.Binding;
import groovy.lang.Closure;
import groovy.lang.MissingPropertyException;
import groovy.lang.Script;

/**
 * The base class of a Jenkinsfile and of library globals: names that are not the script's own
 * resolve as Jenkins resolves them — binding, then the globals ({@code env}, {@code params}, {@code
 * currentBuild}, {@code scm}, library {@code vars/}), then steps, and environment variables as bare
 * names.
 */
public abstract class PipelineScript extends Script {

  private PipelineRun run;

  protected PipelineScript() {}

  protected PipelineScript(Binding binding) {
    super(binding);
  }

  void attach(PipelineRun run) {
    this.run = run;
  }

  PipelineRun pipelineRun() {
    if (run == null) {
      throw new IllegalStateException("a pipeline script runs inside a pipeline run");
    }
    return run;
  }

  /** {@code pipeline { ... }}: reads the declarative model and runs it. */
  public Object pipeline(Closure<?> body) throws Exception {
    dev.tagship.pipeline.model.PipelineDefinition definition = PipelineBuilder.read(body);
    new DeclarativeInterpreter(pipelineRun(), this).run(definition);
    return null;
  }

  /** Called by Groovy for a name that is not a method of this script. */
  public Object methodMissing(String name, Object args) throws Exception {
    Object[] values = args instanceof Object[] array ? array : new Object[] {args};
    Binding binding = getBinding();
    if (binding.hasVariable(name) && binding.getVariable(name) instanceof Closure<?> closure) {
      return closure.call(values);
    }
    return pipelineRun().dispatch(name, values);
  }

  @Override
  public Object getProperty(String name) {
    Binding binding = getBinding();
    if (binding.hasVariable(name)) {
      return binding.getVariable(name);
    }
    PipelineRun current = pipelineRun();
    switch (name) {
      case "env":
        return current.env();
      case "params":
        return current.params();
      case "currentBuild":
        return current.currentBuild();
      case "scm":
        return Scm.INSTANCE;
      default:
        break;
    }
    Object global = current.libraries().global(name, current);
    if (global != null) {
      return global;
    }
    try {
      return getMetaClass().getProperty(this, name);
    } catch (MissingPropertyException e) {
      String value = current.env().get(name);
      if (value != null) {
        return value;
      }
      throw e;
    }
  }

  /** {@code sleep 5}: the step, not Groovy's millisecond sleep (see {@link StepNamesFirst}). */
  public Object sleep(long seconds) throws Exception {
    return methodMissing("sleep", new Object[] {seconds});
  }

  public Object sleep(java.util.Map<?, ?> args) throws Exception {
    return methodMissing("sleep", new Object[] {args});
  }

  @Override
  public void println(Object value) {
    pipelineRun().log().output(pipelineRun().frame(), String.valueOf(value));
  }

  @Override
  public void println() {
    println("");
  }

  @Override
  public void print(Object value) {
    println(value);
  }

  /** The {@code scm} global: in a local run, the clone the Jenkinsfile is in. */
  public static final class Scm {
    static final Scm INSTANCE = new Scm();

    @Override
    public String toString() {
      return "scm (the local clone)";
    }
  }
}
