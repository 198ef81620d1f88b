package dev.tagship.deploy;

import dev.tagship.core.TagshipException;

/** Why a release could not be deployed or verified. */
public final class DeployException extends TagshipException {

  DeployException(String message, boolean usageError, Throwable cause) {
    super(message, usageError, cause);
  }

  static DeployException usage(String message) {
    return new DeployException(message, true, null);
  }

  static DeployException failure(String message, Throwable cause) {
    return new DeployException(message, false, cause);
  }
}
