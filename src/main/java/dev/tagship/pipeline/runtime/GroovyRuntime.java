package dev.tagship.pipeline.runtime;

import groovy.lang.Binding;
import groovy.lang.Closure;
import groovy.lang.GroovySystem;
import org.codehaus.groovy.runtime.InvokerHelper;

/** Groovy's own start-up (meta-class registry, call sites), done ahead on another thread. */
public final class GroovyRuntime {

  private GroovyRuntime() {}

  /** Loads and initialises what every pipeline run needs first; safe to call more than once. */
  public static void warmUp() {
    GroovySystem.getMetaClassRegistry();
    Binding binding = new Binding();
    binding.setVariable("warm", true);
    InvokerHelper.getMetaClass(Closure.class);
    InvokerHelper.getMetaClass(binding).getProperty(binding, "variables");
  }
}
