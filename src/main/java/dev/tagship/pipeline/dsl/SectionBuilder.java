package dev.tagship.pipeline.dsl;

import groovy.lang.Closure;
import groovy.lang.GroovyObjectSupport;
import java.util.Map;

/**
 * A section of the declarative syntax read by running its block against a builder. Names the block
 * uses that the section does not know fail with Jenkins' message for that section, instead of
 * reaching the pipeline's steps.
 */
abstract class SectionBuilder extends GroovyObjectSupport {

  /**
   * What every section method returns, so that sections written on one line ({@code when {...}
   * steps {...}}), which Groovy reads as a call on the first one's result, fail as Jenkins fails
   * them.
   */
  static final Object CHAINED = new Chained();

  private static final class Chained extends GroovyObjectSupport {
    public Object methodMissing(String name, Object args) {
      throw new DeclarativeException(JenkinsMessages.expectedSymbol());
    }
  }

  /** Runs {@code body} so that the names it uses resolve against {@code builder} first. */
  static void read(Closure<?> body, Object builder) {
    Closure<?> copy = (Closure<?>) body.clone();
    copy.setResolveStrategy(Closure.DELEGATE_FIRST);
    copy.setDelegate(builder);
    copy.call();
  }

  /** Called by Groovy for a name this section has no method for. */
  public Object methodMissing(String name, Object args) {
    DeclarativeErrors.report(unknown(name));
    return CHAINED;
  }

  abstract String unknown(String name);

  static Closure<?> closureArgument(String section, Object[] args) {
    if (args.length == 1 && args[0] instanceof Closure<?> closure) {
      return closure;
    }
    throw new DeclarativeException("Expected a block for " + section);
  }

  static Map<?, ?> namedArguments(String what, Object[] args) {
    if (args.length == 1 && args[0] instanceof Map<?, ?> map) {
      return map;
    }
    if (args.length == 0) {
      return Map.of();
    }
    throw new DeclarativeException("Arguments to \"" + what + "\" must be explicitly named.");
  }

  static String text(Object value) {
    return value == null ? null : value.toString();
  }

  static Object[] arguments(Object args) {
    return args instanceof Object[] array ? array : new Object[] {args};
  }
}
