package dev.tagship.image;

import java.io.IOException;

/**
 * A source blob or manifest that is not what its descriptor says (digest or size). An {@link
 * IOException} because it is thrown while the content is read, often inside an upload; {@link
 * RegistryFailures} never retries it and passes its message on as it is.
 */
final class ContentMismatchException extends IOException {

  private static final long serialVersionUID = 1L;

  ContentMismatchException(String message) {
    super(message);
  }
}
