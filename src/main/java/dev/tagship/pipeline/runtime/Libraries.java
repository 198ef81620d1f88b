package dev.tagship.pipeline.runtime;

import groovy.lang.Binding;
import groovy.lang.GroovyClassLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.codehaus.groovy.control.CompilerConfiguration;

/**
 * Jenkins shared libraries for one run: {@code vars/*.groovy} become globals, {@code src/} joins
 * the class path, {@code resources/} serves {@code libraryResource}. Also compiles the Jenkinsfile
 * itself, so that it and the libraries share one class loader as on Jenkins.
 */
public final class Libraries {

  /** The library tagship provides itself: its steps are built into the engine. */
  public static final String BUILT_IN = "tagship";

  private final Map<String, Path> available;
  private final GroovyClassLoader loader;
  private final CompilerConfiguration config;
  private final CompiledScripts compiled;
  private final Map<String, Path> globalsByName = new ConcurrentHashMap<>();
  private final Map<String, Object> instances = new ConcurrentHashMap<>();
  private final List<Path> resourceRoots = new CopyOnWriteArrayList<>();
  private final Set<String> loaded = ConcurrentHashMap.newKeySet();

  /**
   * @param available library folders by the name a Jenkinsfile asks for
   */
  public Libraries(Map<String, Path> available) {
    this(available, null);
  }

  /**
   * @param available library folders by the name a Jenkinsfile asks for
   * @param compiledCache where compiled Jenkinsfiles are kept between runs; null compiles every
   *     time
   */
  public Libraries(Map<String, Path> available, Path compiledCache) {
    this.available = new LinkedHashMap<>(available);
    this.config = new CompilerConfiguration();
    config.setScriptBaseClass(PipelineScript.class.getName());
    config.addCompilationCustomizers(new StepNamesFirst());
    this.loader = new GroovyClassLoader(PipelineScript.class.getClassLoader(), config);
    this.compiled = new CompiledScripts(compiledCache);
  }

  /**
   * Loads library {@code reference} ({@code name} or {@code name@version}; the version is the
   * folder's own, as given); a second load of the same library does nothing.
   *
   * @return a line for the log, or null when it was loaded before
   */
  public String load(String reference) {
    String name =
        reference.contains("@") ? reference.substring(0, reference.indexOf('@')) : reference;
    if (!loaded.add(name)) {
      return null;
    }
    Path root = available.get(name);
    if (root == null) {
      if (BUILT_IN.equals(name)) {
        return "Loading library " + reference + " (built into tagship run)";
      }
      loaded.remove(name);
      throw new AbortException(
          "No library named '"
              + name
              + "'; known libraries: "
              + new TreeSet<>(available.keySet())
              + ". Give its folder with --library "
              + name
              + "=DIR");
    }
    Path src = root.resolve("src");
    if (Files.isDirectory(src)) {
      loader.addClasspath(src.toString());
    }
    Path resources = root.resolve("resources");
    if (Files.isDirectory(resources)) {
      resourceRoots.add(resources);
    }
    Path vars = root.resolve("vars");
    if (Files.isDirectory(vars)) {
      try (Stream<Path> files = Files.list(vars)) {
        files
            .filter(file -> file.getFileName().toString().endsWith(".groovy"))
            .forEach(
                file -> {
                  String global = file.getFileName().toString().replaceFirst("\\.groovy$", "");
                  globalsByName.putIfAbsent(global, file);
                });
      } catch (IOException e) {
        throw new AbortException("cannot read " + vars + ": " + e.getMessage(), e);
      }
    }
    return "Loading library " + reference + " from " + root;
  }

  /** The instance of global {@code name} ({@code vars/name.groovy}), or null if there is none. */
  Object global(String name, PipelineRun run) {
    Path file = globalsByName.get(name);
    if (file == null) {
      return null;
    }
    return instances.computeIfAbsent(name, n -> instantiate(file, run));
  }

  private Object instantiate(Path file, PipelineRun run) {
    try {
      Class<?> type = loader.parseClass(file.toFile());
      PipelineScript script = (PipelineScript) type.getDeclaredConstructor().newInstance();
      script.setBinding(new Binding());
      script.attach(run);
      return script;
    } catch (IOException | ReflectiveOperationException e) {
      throw new AbortException("cannot load library global " + file + ": " + e.getMessage(), e);
    }
  }

  public Set<String> globalNames() {
    return new TreeSet<>(globalsByName.keySet());
  }

  /** {@code libraryResource(path)}: the text of {@code resources/path} of a loaded library. */
  public String resource(String path) throws IOException {
    for (Path root : resourceRoots) {
      Path file = root.resolve(path).normalize();
      if (file.startsWith(root) && Files.isRegularFile(file)) {
        return Files.readString(file, StandardCharsets.UTF_8);
      }
    }
    throw new AbortException(
        "No such library resource " + path + " could be found in " + resourceRoots);
  }

  /** Compiles a Jenkinsfile as Jenkins names it in messages: {@code WorkflowScript}. */
  public PipelineScript compile(String text) throws ReflectiveOperationException {
    Class<?> type = compiled.load(text, "WorkflowScript", config, loader);
    return (PipelineScript) type.getDeclaredConstructor().newInstance();
  }
}
