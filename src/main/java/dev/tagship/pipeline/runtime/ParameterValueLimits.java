package dev.tagship.pipeline.runtime;

import java.nio.charset.StandardCharsets;

/**
 * What any parameter value must be, whatever the pipeline says: no NUL (it ends a C string, so a
 * process would see less than was recorded) and at most 64 KB in UTF-8 (a value is stored with
 * every run and shown in every listing).
 */
public final class ParameterValueLimits {

  /** The largest value accepted, in UTF-8 bytes. */
  public static final int MAX_BYTES = 64 * 1024;

  private ParameterValueLimits() {}

  /**
   * @throws IllegalArgumentException naming parameter {@code name}, when {@code value} holds a NUL
   *     or is longer than {@link #MAX_BYTES}
   */
  public static void check(String name, String value) {
    if (value == null) {
      return;
    }
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          "parameter '"
              + name
              + "' holds a NUL character (\\0), which no process can be given: remove it");
    }
    // a UTF-8 character is at most 3 bytes per UTF-16 unit: most values need no encoding
    if (value.length() * 3L > MAX_BYTES) {
      int bytes = value.getBytes(StandardCharsets.UTF_8).length;
      if (bytes > MAX_BYTES) {
        throw new IllegalArgumentException(
            "parameter '"
                + name
                + "' is "
                + bytes
                + " bytes long; a value may be at most "
                + MAX_BYTES
                + " bytes (64 KB): pass a larger input as a file in the workspace instead");
      }
    }
  }
}
