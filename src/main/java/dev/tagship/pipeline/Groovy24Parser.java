package dev.tagship.pipeline;

import dev.tagship.pipeline.JenkinsGrammar.SyntaxError;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Groovy 2.4's parser, driven by reflection from a class loader of its own whose parent is the
 * platform class loader, so none of tagship's Groovy 4 classes or services can leak into it.
 * Compiles to the CONVERSION phase: source to syntax tree, no class resolution and no bytecode;
 * then looks for the newer forms that parse but fail later ({@link NewerSyntaxTokens}).
 */
final class Groovy24Parser implements AutoCloseable {

  private final URLClassLoader loader;
  private final Object configuration;
  private final Constructor<?> newCompilationUnit;
  private final Method addSource;
  private final Method compile;
  private final int conversionPhase;
  private final Class<?> compilationErrors;
  private final Class<?> syntaxErrorMessage;
  private final Class<?> compilationFailure;
  private final NewerSyntaxTokens newerSyntax;

  Groovy24Parser(Path groovyAllJar) {
    loader = new URLClassLoader("jenkins-groovy", new URL[] {url(groovyAllJar)}, platform());
    try {
      Class<?> configurationClass = type("org.codehaus.groovy.control.CompilerConfiguration");
      configuration = configurationClass.getConstructor().newInstance();
      // @Grab's transform runs at CONVERSION and would resolve artifacts with Ivy (not shipped).
      configurationClass
          .getMethod("setDisabledGlobalASTTransformations", Set.class)
          .invoke(configuration, GlobalTransforms.namesIn(loader));
      Class<?> unitClass = type("org.codehaus.groovy.control.CompilationUnit");
      newCompilationUnit = unitClass.getConstructor(configurationClass);
      addSource = unitClass.getMethod("addSource", String.class, String.class);
      compile = unitClass.getMethod("compile", int.class);
      conversionPhase =
          type("org.codehaus.groovy.control.Phases").getField("CONVERSION").getInt(null);
      compilationErrors = type("org.codehaus.groovy.control.MultipleCompilationErrorsException");
      syntaxErrorMessage = type("org.codehaus.groovy.control.messages.SyntaxErrorMessage");
      compilationFailure = type("org.codehaus.groovy.control.CompilationFailedException");
      newerSyntax = new NewerSyntaxTokens(loader);
    } catch (ReflectiveOperationException e) {
      close();
      throw new IllegalStateException(
          "Jenkins' Groovy " + JenkinsGroovyJar.VERSION + " is not usable", e);
    }
  }

  List<SyntaxError> parse(String scriptText, String sourceName) {
    Throwable failure;
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    // Groovy 2.4 makes its GroovyClassLoader a child of the context class loader.
    thread.setContextClassLoader(loader);
    try {
      Object unit = newCompilationUnit.newInstance(configuration);
      addSource.invoke(unit, sourceName, scriptText);
      compile.invoke(unit, conversionPhase);
      return newerSyntax.find(scriptText, sourceName);
    } catch (InvocationTargetException e) {
      failure = e.getCause();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Groovy " + JenkinsGroovyJar.VERSION + " failed", e);
    } finally {
      thread.setContextClassLoader(previous);
    }
    if (failure instanceof StackOverflowError) {
      return List.of(
          new SyntaxError(
              sourceName,
              0,
              0,
              "the Jenkinsfile is nested too deeply for Groovy "
                  + JenkinsGroovyJar.VERSION
                  + "'s parser (its stack overflowed); flatten it"));
    }
    try {
      if (compilationErrors.isInstance(failure)) {
        return errorsOf(failure, sourceName);
      }
      if (compilationFailure.isInstance(failure)) {
        return List.of(new SyntaxError(sourceName, 0, 0, failure.getMessage()));
      }
    } catch (ReflectiveOperationException e) {
      failure.addSuppressed(e);
    }
    throw new IllegalStateException("Groovy " + JenkinsGroovyJar.VERSION + " failed", failure);
  }

  private List<SyntaxError> errorsOf(Throwable failure, String sourceName)
      throws ReflectiveOperationException {
    Object collector = failure.getClass().getMethod("getErrorCollector").invoke(failure);
    List<?> messages = (List<?>) collector.getClass().getMethod("getErrors").invoke(collector);
    List<SyntaxError> errors = new ArrayList<>();
    for (Object message : messages) {
      if (syntaxErrorMessage.isInstance(message)) {
        Object cause = message.getClass().getMethod("getCause").invoke(message);
        int line = (Integer) cause.getClass().getMethod("getStartLine").invoke(cause);
        int column = (Integer) cause.getClass().getMethod("getStartColumn").invoke(cause);
        String text = ((Throwable) cause).getMessage();
        errors.add(new SyntaxError(sourceName, line, column, text));
      } else {
        errors.add(new SyntaxError(sourceName, 0, 0, written(message)));
      }
    }
    return List.copyOf(errors);
  }

  /** A non-syntax message (an exception during parsing, say) as Groovy writes it. */
  private static String written(Object message) throws ReflectiveOperationException {
    StringWriter text = new StringWriter();
    try (PrintWriter writer = new PrintWriter(text)) {
      message.getClass().getMethod("write", PrintWriter.class).invoke(message, writer);
    }
    return text.toString().strip();
  }

  private Class<?> type(String name) throws ClassNotFoundException {
    return Class.forName(name, true, loader);
  }

  private static ClassLoader platform() {
    return ClassLoader.getPlatformClassLoader();
  }

  private static URL url(Path jar) {
    try {
      return jar.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException(jar + " has no URL", e);
    }
  }

  @Override
  public void close() {
    try {
      loader.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
