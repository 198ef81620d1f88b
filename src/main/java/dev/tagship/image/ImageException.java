package dev.tagship.image;

import dev.tagship.core.TagshipException;

/** Why an image could not be read, pushed or tagged; {@code latest} was not moved. */
public final class ImageException extends TagshipException {

  private ImageException(String message, boolean usageError, Throwable cause) {
    super(message, usageError, cause);
  }

  static ImageException usage(String message) {
    return new ImageException(message, true, null);
  }

  static ImageException failure(String message) {
    return new ImageException(message, false, null);
  }

  static ImageException failure(String message, Throwable cause) {
    return new ImageException(message, false, cause);
  }

  /** What a task on the push's thread pool failed with, as it was thrown there. */
  static RuntimeException ofTask(java.util.concurrent.ExecutionException e) {
    return e.getCause() instanceof RuntimeException runtime
        ? runtime
        : failure(e.getCause().getMessage(), e.getCause());
  }
}
