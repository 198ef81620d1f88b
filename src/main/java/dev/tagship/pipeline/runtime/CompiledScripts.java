package dev.tagship.pipeline.runtime;

import dev.tagship.core.Folders;
import dev.tagship.pipeline.ContentKey;
import groovy.lang.GroovyClassLoader;
import groovy.lang.GroovySystem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.codehaus.groovy.control.CompilationUnit;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.Phases;
import org.codehaus.groovy.tools.GroovyClass;

/**
 * Jenkinsfiles compiled once and kept as class files, by the hash of their text and of the
 * compiler: compiling is most of a cold start, and a pipeline is run many times unchanged. The
 * folder is the user's own (0700), as it holds code that will run.
 */
final class CompiledScripts {

  private final Path root;

  CompiledScripts(Path root) {
    this.root = root;
  }

  /** The script class of {@code text}, compiled now or read from an earlier compile. */
  Class<?> load(String text, String name, CompilerConfiguration config, GroovyClassLoader parent)
      throws ClassNotFoundException {
    Path classes =
        root.resolve(
            ContentKey.of(
                name,
                text,
                GroovySystem.getVersion(),
                String.valueOf(CompiledScripts.class.getPackage().getImplementationVersion())));
    if (!Files.isDirectory(classes)) {
      compileInto(classes, text, name, config, parent);
    }
    return new ClassFolderLoader(classes, parent).loadClass(name);
  }

  private void compileInto(
      Path classes,
      String text,
      String name,
      CompilerConfiguration config,
      GroovyClassLoader parent) {
    CompilationUnit unit = new CompilationUnit(config, null, parent);
    unit.addSource(name, text);
    unit.compile(Phases.CLASS_GENERATION);
    try {
      Files.createDirectories(
          root, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Path staging = Files.createTempDirectory(root, "compiling-");
      for (GroovyClass compiled : unit.getClasses()) {
        Files.write(staging.resolve(compiled.getName() + ".class"), compiled.getBytes());
      }
      try {
        Files.move(staging, classes, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException raced) {
        Folders.deleteRecursively(staging);
      } catch (java.nio.file.DirectoryNotEmptyException raced) {
        Folders.deleteRecursively(staging);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the compiled Jenkinsfile in " + root, e);
    }
  }

  /**
   * Defines the classes of one compiled script from its folder; everything else from the parent.
   */
  private static final class ClassFolderLoader extends ClassLoader {
    private final Path folder;

    ClassFolderLoader(Path folder, ClassLoader parent) {
      super(parent);
      this.folder = folder;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      Path file = folder.resolve(name + ".class");
      if (!Files.isRegularFile(file)) {
        throw new ClassNotFoundException(name);
      }
      try {
        byte[] bytes = Files.readAllBytes(file);
        return defineClass(name, bytes, 0, bytes.length);
      } catch (IOException e) {
        throw new ClassNotFoundException(name, e);
      }
    }
  }
}
