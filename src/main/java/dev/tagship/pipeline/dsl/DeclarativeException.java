package dev.tagship.pipeline.dsl;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/**
 * A Jenkinsfile that Jenkins' declarative parser would refuse; the message is Jenkins' own wording,
 * so what fails here reads the same as what would fail on Jenkins.
 */
public final class DeclarativeException extends RuntimeException {

  /** The class name Jenkins compiles a Jenkinsfile to, and names in its messages. */
  public static final String SCRIPT_CLASS = "WorkflowScript";

  private static final long serialVersionUID = 1L;

  private final transient List<DeclarativeException> all;

  public DeclarativeException(String message) {
    super(message);
    this.all = List.of(this);
  }

  private DeclarativeException(List<DeclarativeException> errors) {
    super(errors.get(0).getMessage());
    setStackTrace(errors.get(0).getStackTrace());
    this.all = List.copyOf(errors);
  }

  /** Several errors found in one reading, the first one's message as this one's. */
  static DeclarativeException all(List<DeclarativeException> errors) {
    return errors.size() == 1 ? errors.get(0) : new DeclarativeException(errors);
  }

  /** Every error found, in the order found; this one alone when it was the only one. */
  public List<DeclarativeException> errors() {
    return all;
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
