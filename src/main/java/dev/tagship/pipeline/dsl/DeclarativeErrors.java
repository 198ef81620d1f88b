package dev.tagship.pipeline.dsl;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Collects the errors found while a pipeline block is read, so that, as on Jenkins, every error of
 * a Jenkinsfile is reported at once rather than one per attempt. Outside of reading, an error is
 * thrown as it is found.
 */
final class DeclarativeErrors {

  private static final ThreadLocal<List<DeclarativeException>> COLLECTED = new ThreadLocal<>();

  private DeclarativeErrors() {}

  /** Reads with {@code reader}, then throws every error found, or returns what was read. */
  static <T> T collecting(Supplier<T> reader) {
    List<DeclarativeException> outer = COLLECTED.get();
    List<DeclarativeException> errors = new ArrayList<>();
    COLLECTED.set(errors);
    T read = null;
    try {
      read = reader.get();
    } catch (DeclarativeException e) {
      // an error the reading could not go on after: reported with those before it
      errors.add(e);
    } finally {
      COLLECTED.set(outer);
    }
    if (!errors.isEmpty()) {
      throw DeclarativeException.all(errors);
    }
    return read;
  }

  /** Records {@code error}, or throws it when nothing is being read. */
  static void report(String message) {
    DeclarativeException error = new DeclarativeException(message);
    List<DeclarativeException> errors = COLLECTED.get();
    if (errors == null) {
      throw error;
    }
    errors.add(error);
  }
}
