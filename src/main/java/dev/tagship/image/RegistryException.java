package dev.tagship.image;

/**
 * A registry's answer that was not a success, with its HTTP status so faults can be told apart
 * (transient 5xx/429 from permanent 401/403/404/400).
 */
final class RegistryException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;

  RegistryException(int status, String message) {
    super(message);
    this.status = status;
  }

  int status() {
    return status;
  }
}
