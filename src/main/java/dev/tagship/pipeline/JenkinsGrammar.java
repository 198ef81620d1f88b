package dev.tagship.pipeline;

import dev.tagship.image.CacheDirectory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Parses a script with the grammar of the Groovy that Jenkins runs pipelines on (2.4), so syntax
 * that tagship's Groovy 4 accepts but Jenkins rejects — lambdas, method references, {@code !in},
 * {@code ?.[}, {@code do}/{@code while}, Java array initialisers, {@code for (var i in ...)} —
 * fails before it ever reaches Jenkins, with the message Jenkins would print. Two forms that Groovy
 * 2.4 parses with another meaning, {@code a === b} and {@code var x = 1}, are reported too.
 *
 * <p>Parsing only (Groovy's CONVERSION phase): class resolution would cost ten times as much and
 * fail on every shared-library class.
 *
 * <p>Groovy 2.4 is opened on the first {@link #check}, which is why that call is slow: 0.25 to 0.45
 * s on a busy 2-core machine (class loading and verification of Groovy 2.4's parser), plus 0.5 s
 * once per machine to unpack its jar. Later checks take 5 to 20 ms. A caller in a hurry starts the
 * first check on another thread. Close the grammar to release its class loader.
 */
public final class JenkinsGrammar implements AutoCloseable {

  /** The name Jenkins gives a Jenkinsfile's script, and so the one its messages start with. */
  public static final String JENKINSFILE_SCRIPT_NAME = "WorkflowScript";

  private final Path cacheDirectory;
  private Groovy24Parser parser;
  private boolean closed;

  /**
   * @param cacheDirectory where Jenkins' Groovy jar is unpacked once and then kept
   */
  public JenkinsGrammar(Path cacheDirectory) {
    this.cacheDirectory = Objects.requireNonNull(cacheDirectory, "cacheDirectory");
  }

  /**
   * A grammar using tagship's cache folder: {@code $TAGSHIP_CACHE}, else {@code
   * $XDG_CACHE_HOME/tagship}, else {@code ~/.cache/tagship}.
   */
  public static JenkinsGrammar forEnvironment(Map<String, String> env) {
    Path cache = CacheDirectory.of(env);
    if (cache == null) {
      // No lasting cache: unpack into a folder of this process's own rather than a shared one.
      cache = dev.tagship.core.TempFolders.create("cache-");
    }
    return new JenkinsGrammar(cache);
  }

  /**
   * The syntax errors Groovy 2.4 finds in {@code scriptText}, or none; or the first of {@link
   * JenkinsfileLimits} it passes, which Groovy 2.4 is never given. Parses on a thread with a deep
   * stack, as Groovy 2.4's parser recurses once per level of nesting.
   *
   * @param scriptName the script's name in messages: {@link #JENKINSFILE_SCRIPT_NAME} for a
   *     Jenkinsfile, as Jenkins names it
   */
  public List<SyntaxError> check(String scriptText, String scriptName) {
    // A text that passed once passes again: skip loading Groovy 2.4, the cost of a cold start.
    java.nio.file.Path passed =
        cacheDirectory
            .resolve("jenkins-grammar-passed")
            .resolve(ContentKey.of(scriptName, scriptText));
    if (java.nio.file.Files.exists(passed)) {
      return List.of();
    }
    java.util.Optional<JenkinsfileLimits.Violation> passedLimit =
        JenkinsfileLimits.check(scriptText);
    if (passedLimit.isPresent()) {
      JenkinsfileLimits.Violation violation = passedLimit.get();
      return List.of(
          new SyntaxError(
              scriptName,
              violation.line(),
              violation.column(),
              violation.message()
                  + " @ line "
                  + violation.line()
                  + ", column "
                  + violation.column()
                  + "."));
    }
    Groovy24Parser groovy24 = parser();
    List<SyntaxError> errors =
        DeepStack.call("tagship-jenkins-grammar", () -> groovy24.parse(scriptText, scriptName));
    if (errors.isEmpty()) {
      try {
        java.nio.file.Files.createDirectories(passed.getParent());
        java.nio.file.Files.writeString(passed, "");
      } catch (java.io.IOException e) {
        // without the mark the next run checks again: slower, never wrong
      }
    }
    return errors;
  }

  private synchronized Groovy24Parser parser() {
    if (closed) {
      throw new IllegalStateException("this JenkinsGrammar is closed");
    }
    if (parser == null) {
      parser = new Groovy24Parser(JenkinsGroovyJar.in(cacheDirectory));
    }
    return parser;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (parser != null) {
      parser.close();
      parser = null;
    }
  }

  /**
   * A syntax error as Groovy 2.4 reports it; {@code message} ends with "@ line L, column C." as
   * Jenkins prints it. Line and column are 0 for an error that has no place.
   */
  public record SyntaxError(String script, int line, int column, String message) {

    /** Jenkins' form: {@code WorkflowScript: 3: unexpected token: -> @ line 3, column 12.} */
    @Override
    public String toString() {
      return script + ": " + line + ": " + message;
    }
  }
}
