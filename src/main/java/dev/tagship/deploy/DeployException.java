package dev.tagship.deploy;

import dev.tagship.core.TagshipException;
import java.util.OptionalInt;

/** Why a release could not be deployed or verified. */
public final class DeployException extends TagshipException {

  /** The revision this deployment made before it failed, or 0. */
  private final int revisionMade;

  DeployException(String message, boolean usageError, Throwable cause) {
    this(message, usageError, cause, 0);
  }

  private DeployException(String message, boolean usageError, Throwable cause, int revisionMade) {
    super(message, usageError, cause);
    this.revisionMade = revisionMade;
  }

  static DeployException usage(String message) {
    return new DeployException(message, true, null);
  }

  static DeployException failure(String message, Throwable cause) {
    return new DeployException(message, false, cause);
  }

  /** {@code failure}, after Helm made revision {@code revision} for this deployment. */
  static DeployException failure(DeployException failure, int revision) {
    return new DeployException(
        failure.getMessage(), failure.isUsageError(), failure.getCause(), revision);
  }

  /**
   * The revision this deployment made before it failed (Helm recorded it, then a hook or a resource
   * failed): the one a surrounding rollback may act on. Empty when it made none — it failed before
   * Helm wrote a revision, or another build held the release.
   */
  public OptionalInt revisionMade() {
    return revisionMade == 0 ? OptionalInt.empty() : OptionalInt.of(revisionMade);
  }
}
