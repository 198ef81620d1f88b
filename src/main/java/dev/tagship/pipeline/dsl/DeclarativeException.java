package dev.tagship.pipeline.dsl;

import java.util.Arrays;
import java.util.OptionalInt;

/**
 * A Jenkinsfile that Jenkins' declarative parser would refuse; the message is Jenkins' own wording,
 * so what fails here reads the same as what would fail on Jenkins.
 */
public final class DeclarativeException extends RuntimeException {

  /** The class name Jenkins compiles a Jenkinsfile to, and names in its messages. */
  public static final String SCRIPT_CLASS = "WorkflowScript";

  private static final long serialVersionUID = 1L;

  public DeclarativeException(String message) {
    super(message);
  }

  /**
   * The Jenkinsfile line of the section that failed: the sections are read by running their blocks,
   * so the innermost frame of the compiled Jenkinsfile is the call that was refused.
   */
  public OptionalInt line() {
    return Arrays.stream(getStackTrace())
        .filter(
            frame ->
                frame.getClassName().equals(SCRIPT_CLASS)
                    || frame.getClassName().startsWith(SCRIPT_CLASS + "$"))
        .mapToInt(StackTraceElement::getLineNumber)
        .filter(line -> line > 0)
        .findFirst();
  }
}
