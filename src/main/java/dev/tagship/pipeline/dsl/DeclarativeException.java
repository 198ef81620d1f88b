package dev.tagship.pipeline.dsl;

/**
 * A Jenkinsfile that Jenkins' declarative parser would refuse; the message is Jenkins' own wording,
 * so what fails here reads the same as what would fail on Jenkins.
 */
public final class DeclarativeException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public DeclarativeException(String message) {
    super(message);
  }
}
