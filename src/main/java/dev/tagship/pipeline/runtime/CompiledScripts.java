package dev.tagship.pipeline.runtime;

import dev.tagship.core.Folders;
import dev.tagship.core.Sha256;
import dev.tagship.pipeline.ContentKey;
import dev.tagship.pipeline.DeepStack;
import dev.tagship.pipeline.JenkinsfileLimits;
import groovy.lang.GroovyClassLoader;
import groovy.lang.GroovySystem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.codehaus.groovy.control.CompilationUnit;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.Phases;
import org.codehaus.groovy.tools.GroovyClass;

/**
 * Compiles Jenkinsfiles, on a thread with a deep stack and within {@link JenkinsfileLimits}, and
 * keeps the class files by the hash of the text and of the compiler when given a folder: compiling
 * is most of a cold start, and a pipeline is run many times unchanged. The folder is the user's own
 * (0700), as it holds code that will run.
 *
 * <p>A class file is named by the hash of its class's name, not by the name: Groovy names a closure
 * after every closure around it, so nine nested stages make names longer than the 255 bytes a file
 * name may have.
 */
final class CompiledScripts {

  /** Changes when the folder layout does, so a newer tagship never reads an older layout. */
  private static final String LAYOUT = "class-files-named-by-hash";

  private final Path root;

  /**
   * @param root where compiled scripts are kept; null keeps them in memory only
   */
  CompiledScripts(Path root) {
    this.root = root;
  }

  /** The script class of {@code text}, compiled now or read from an earlier compile. */
  Class<?> load(String text, String name, CompilerConfiguration config, GroovyClassLoader parent)
      throws ClassNotFoundException {
    if (root == null) {
      return new CompiledClassLoader(compile(text, name, config, parent), null, parent)
          .loadClass(name);
    }
    Path classes =
        root.resolve(
            ContentKey.of(
                LAYOUT,
                name,
                text,
                GroovySystem.getVersion(),
                String.valueOf(CompiledScripts.class.getPackage().getImplementationVersion())));
    if (!Files.isDirectory(classes)) {
      keep(classes, compile(text, name, config, parent));
    }
    return new CompiledClassLoader(Map.of(), classes, parent).loadClass(name);
  }

  private static Map<String, byte[]> compile(
      String text, String name, CompilerConfiguration config, GroovyClassLoader parent) {
    return DeepStack.call(
        "tagship-compile",
        () -> {
          CompilationUnit unit = new CompilationUnit(config, null, parent);
          JenkinsfileLimits.guard(unit, text);
          unit.addSource(name, text);
          CompileFailures.compile(unit, Phases.CLASS_GENERATION);
          Map<String, byte[]> classes = new LinkedHashMap<>();
          for (GroovyClass compiled : unit.getClasses()) {
            classes.put(compiled.getName(), compiled.getBytes());
          }
          return classes;
        });
  }

  /**
   * Writes {@code classes} to a folder of its own and moves that into place in one step; when
   * another run moved the same script there first, its folder is kept and this one dropped.
   */
  private void keep(Path folder, Map<String, byte[]> classes) {
    try {
      Files.createDirectories(
          root, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Path staging = Files.createTempDirectory(root, "compiling-");
      try {
        for (Map.Entry<String, byte[]> compiled : classes.entrySet()) {
          Files.write(staging.resolve(fileName(compiled.getKey())), compiled.getValue());
        }
        Files.move(staging, folder, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        // A concurrent first run of the same script won the rename (Linux says "Directory not
        // empty" or "File exists", as a plain FileSystemException): its classes are the same.
        if (!Files.isDirectory(folder)) {
          throw e;
        }
      } finally {
        if (Files.exists(staging)) {
          Folders.deleteRecursively(staging);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot keep the compiled Jenkinsfile in " + root + ": " + e.getMessage(), e);
    }
  }

  /** A short file name for a class's file, whatever the length of the class's name. */
  static String fileName(String className) {
    return Sha256.hex(className.getBytes(StandardCharsets.UTF_8)).substring(0, 40) + ".class";
  }

  /**
   * Defines the classes of one compiled script, from memory or from its folder; everything else
   * comes from the parent.
   */
  private static final class CompiledClassLoader extends ClassLoader {
    private final Map<String, byte[]> classes;
    private final Path folder;

    CompiledClassLoader(Map<String, byte[]> classes, Path folder, ClassLoader parent) {
      super(parent);
      this.classes = classes;
      this.folder = folder;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      byte[] bytes = classes.get(name);
      if (bytes == null && folder != null) {
        Path file = folder.resolve(fileName(name));
        if (Files.isRegularFile(file)) {
          try {
            bytes = Files.readAllBytes(file);
          } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
          }
        }
      }
      if (bytes == null) {
        throw new ClassNotFoundException(name);
      }
      return defineClass(name, bytes, 0, bytes.length);
    }
  }
}
