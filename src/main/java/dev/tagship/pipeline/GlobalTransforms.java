package dev.tagship.pipeline;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The global AST transforms a class loader offers Groovy ({@code @Grab}'s among them): code that
 * runs while a script compiles, so a reader that must run none of a Jenkinsfile turns them all off.
 */
final class GlobalTransforms {

  private static final String SERVICES =
      "META-INF/services/org.codehaus.groovy.transform.ASTTransformation";

  private GlobalTransforms() {}

  /** The transforms' class names, as {@code CompilerConfiguration} takes them to disable. */
  static Set<String> namesIn(ClassLoader loader) {
    Set<String> names = new LinkedHashSet<>();
    try {
      Enumeration<URL> files = loader.getResources(SERVICES);
      while (files.hasMoreElements()) {
        URLConnection connection = files.nextElement().openConnection();
        // A cached connection would keep a jar open after its class loader is closed.
        connection.setUseCaches(false);
        try (BufferedReader reader =
            new BufferedReader(
                new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8))) {
          reader
              .lines()
              .map(String::strip)
              .filter(line -> !line.isEmpty() && !line.startsWith("#"))
              .forEach(names::add);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return names;
  }
}
