package dev.tagship.core;

/**
 * Base of every capability's exception. The message is written for the person running the build:
 * what was wrong and what to do about it. The CLI maps {@link #isUsageError()} to exit code 2 and
 * everything else to 1, in one place.
 */
public class TagshipException extends RuntimeException {

  private final boolean usageError;

  protected TagshipException(String message, boolean usageError, Throwable cause) {
    super(message, cause);
    this.usageError = usageError;
  }

  /** True when the input was wrong (a bad option or argument), false when the work failed. */
  public boolean isUsageError() {
    return usageError;
  }
}
