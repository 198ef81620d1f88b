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
    // Compiling a line loads Groovy's compiler, which a changed Jenkinsfile needs, ahead of it;
    // and so the class-data-sharing archive of ./tagship run holds the compiler too.
    org.codehaus.groovy.control.CompilationUnit unit =
        new org.codehaus.groovy.control.CompilationUnit();
    unit.addSource("TagshipWarmUp", "pipeline { stage('x') { steps { echo \"${env.X}\" } } }");
    unit.compile(org.codehaus.groovy.control.Phases.CLASS_GENERATION);
  }
}
