package dev.tagship.core;

/**
 * Base of every capability's exception. The message is written for the person running the build:
 * what was wrong and what to do about it. The CLI exits with {@link #exitCode()}, in one place.
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

  /** 2 for bad usage, 1 for failed work; a kind of failure a caller must tell apart has its own. */
  public int exitCode() {
    return usageError ? 2 : 1;
  }
}
