package dev.tagship.pipeline.dsl;

import dev.tagship.pipeline.model.When;
import groovy.lang.Closure;
import java.util.Set;

/**
 * Checks a {@code when} block while the pipeline is read, as Jenkins does when it compiles the
 * Jenkinsfile: unknown conditions and an empty block fail before any stage runs. The conditions
 * themselves are built and judged when the stage is reached.
 */
final class WhenBuilder extends SectionBuilder {

  private static final Set<String> FLAGS = Set.of("beforeAgent", "beforeInput", "beforeOptions");
  private static final Set<String> NESTING = Set.of("allOf", "anyOf", "not");

  /** What {@code equals expected: ..., actual: ...} is compiled to (see StepNamesFirst). */
  private static final String EQUALS = "whenConditionEquals";

  private int conditions;

  static void check(Closure<?> body) {
    WhenBuilder builder = new WhenBuilder();
    try {
      read(body, builder);
    } catch (DeclarativeException e) {
      throw e;
    } catch (RuntimeException e) {
      // an argument that needs the running build (a variable set by an earlier stage...): the
      // stage checks the rest when it is reached
      return;
    }
    if (builder.conditions == 0) {
      throw new DeclarativeException(JenkinsMessages.emptyWhen());
    }
  }

  @Override
  public Object methodMissing(String name, Object args) {
    if (FLAGS.contains(name)) {
      return CHAINED;
    }
    if (!name.equals(EQUALS) && !When.CONDITIONS.contains(name)) {
      throw new DeclarativeException(unknown(name));
    }
    Object[] values = arguments(args);
    if (NESTING.contains(name) && values.length == 1 && values[0] instanceof Closure<?> nested) {
      read(nested, new WhenBuilder());
    }
    conditions++;
    return CHAINED;
  }

  @Override
  String unknown(String name) {
    return JenkinsMessages.unknownWhenConditional(name, When.CONDITIONS);
  }
}
