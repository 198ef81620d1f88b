package dev.tagship.pipeline.runtime;

/**
 * A failure whose message says it all, such as {@code error 'message'} or a shell step's exit code:
 * the log shows {@code ERROR: message}, without a stack trace, as Jenkins does.
 */
public class AbortException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public AbortException(String message) {
    super(message);
  }

  public AbortException(String message, Throwable cause) {
    super(message, cause);
  }
}
