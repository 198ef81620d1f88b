package dev.tagship.steps;

import groovy.lang.Binding;
import groovy.lang.Closure;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Makes registry steps callable from Groovy the way a Jenkinsfile calls them: {@code
 * tagVersion(bump: 'minor')}, {@code rollbackOnFailure(release: 'shop') { ... }}. Each step becomes
 * a closure in the binding; the closure turns Groovy's call shape (named arguments as a map, a
 * trailing closure as the block) into a {@link StepRegistry#call}.
 */
public final class GroovyStepBinding {

  private GroovyStepBinding() {}

  /**
   * @param context the context of the call, asked for at each call so it can follow {@code dir} and
   *     {@code withEnv} blocks
   */
  public static void bind(Binding binding, StepRegistry registry, Supplier<StepContext> context) {
    for (String name : registry.names()) {
      binding.setVariable(name, new StepClosure(name, registry, context));
    }
  }

  private static final class StepClosure extends Closure<Object> {

    private final String name;
    private final transient StepRegistry registry;
    private final transient Supplier<StepContext> context;

    StepClosure(String name, StepRegistry registry, Supplier<StepContext> context) {
      super(null);
      this.name = name;
      this.registry = registry;
      this.context = context;
    }

    @Override
    public Object call() {
      return call(new Object[0]);
    }

    @Override
    public Object call(Object argument) {
      return call(new Object[] {argument});
    }

    @Override
    public Object call(Object... arguments) {
      Object[] args = arguments == null ? new Object[0] : arguments;
      Closure<?> block = null;
      if (args.length > 0 && args[args.length - 1] instanceof Closure<?> last) {
        block = last;
        args = Arrays.copyOf(args, args.length - 1);
      }
      Map<?, ?> named;
      if (args.length == 0) {
        named = Map.of();
      } else if (args.length == 1 && args[0] instanceof Map<?, ?> map) {
        named = map;
      } else {
        throw new StepException(
            name + ": give parameters by name, e.g. " + name + "(key: value, ...)");
      }
      Closure<?> body = block;
      try {
        return registry.call(name, named, context.get(), body == null ? null : body::call);
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(name + " failed: " + e.getMessage(), e);
      }
    }
  }
}
