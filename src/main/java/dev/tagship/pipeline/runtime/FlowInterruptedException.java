package dev.tagship.pipeline.runtime;

/**
 * The build was stopped rather than failed — a timeout, an aborted {@code input}, failFast in a
 * parallel stage — with the result it leaves the build in (usually ABORTED).
 */
public final class FlowInterruptedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final Result result;

  public FlowInterruptedException(Result result, String message) {
    super(message);
    this.result = result;
  }

  public Result result() {
    return result;
  }
}
