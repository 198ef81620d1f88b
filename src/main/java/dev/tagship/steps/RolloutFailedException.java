package dev.tagship.steps;

import dev.tagship.core.TagshipException;
import dev.tagship.deploy.DeployResult;

/**
 * A deployment whose rollout failed verification: it fails the build, and carries the result so a
 * surrounding {@code rollbackOnFailure} knows which revision failed.
 */
public final class RolloutFailedException extends TagshipException {

  private final transient DeployResult result;

  RolloutFailedException(DeployResult result) {
    super(
        "release "
            + result.release()
            + " revision "
            + result.revision()
            + " in "
            + result.namespace()
            + ": "
            + result.verification().summary(),
        false,
        null);
    this.result = result;
  }

  public DeployResult result() {
    return result;
  }
}
