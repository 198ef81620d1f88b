package dev.tagship.version;

import dev.tagship.core.TagshipException;

/** Why a version could not be computed, tagged or pushed; the repository is left as it was. */
public final class VersionException extends TagshipException {

  private VersionException(String message, boolean usageError, Throwable cause) {
    super(message, usageError, cause);
  }

  /** The request itself was wrong (exit code 2). */
  static VersionException usage(String message) {
    return new VersionException(message, true, null);
  }

  /** The work failed (exit code 1). */
  static VersionException failure(String message) {
    return new VersionException(message, false, null);
  }

  static VersionException failure(String message, Throwable cause) {
    return new VersionException(message, false, cause);
  }
}
