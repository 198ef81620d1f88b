package dev.tagship.steps;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The steps an engine offers, by name, and the one way to call them: bind the arguments, run,
 * return the value. Immutable.
 */
public final class StepRegistry {

  private final Map<String, Step<?>> byName;

  private StepRegistry(Map<String, Step<?>> byName) {
    this.byName = byName;
  }

  public static StepRegistry of(Collection<? extends Step<?>> steps) {
    Map<String, Step<?>> byName = new LinkedHashMap<>();
    for (Step<?> step : steps) {
      if (byName.put(step.name(), step) != null) {
        throw new IllegalArgumentException("two steps are named " + step.name());
      }
    }
    return new StepRegistry(Map.copyOf(byName));
  }

  /** The four tagship steps. */
  public static StepRegistry tagship() {
    return of(
        java.util.List.of(
            new TagVersionStep(),
            new PushToAcrStep(),
            new HelmUpgradeAksStep(),
            new RollbackOnFailureStep()));
  }

  public Optional<Step<?>> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  public Set<String> names() {
    return new TreeSet<>(byName.keySet());
  }

  /**
   * Calls step {@code name} with the named {@code arguments}.
   *
   * @param body the block of a block step; must be null for other steps
   */
  public Object call(String name, Map<?, ?> arguments, StepContext context, StepBody body)
      throws Exception {
    Step<?> step =
        find(name)
            .orElseThrow(
                () -> new StepException("no step named '" + name + "'; known steps: " + names()));
    return call(step, arguments, context, body);
  }

  private static <P extends Record> Object call(
      Step<P> step, Map<?, ?> arguments, StepContext context, StepBody body) throws Exception {
    if (step.takesBody() && body == null) {
      throw new StepException(
          step.name() + " is a block step: call it as " + step.name() + "(...) { ... }");
    }
    if (!step.takesBody() && body != null) {
      throw new StepException(step.name() + " takes no block");
    }
    P parameters = ParameterBinder.bind(step.name(), step.parameterType(), arguments);
    return step.run(parameters, context, body);
  }
}
