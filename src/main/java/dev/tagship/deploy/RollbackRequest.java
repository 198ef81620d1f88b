package dev.tagship.deploy;

import java.time.Duration;

/**
 * Roll {@code release} back to {@code toRevision}, or, when null, to the last revision whose
 * rollout tagship verified — not blindly to the one before.
 *
 * @param timeout the rollback's own rollout timeout, separate from the failed upgrade's
 * @param reason why, recorded in the new revision's description
 * @param markCurrentFailed record the current revision as failed first (it rolled out but what came
 *     after failed), so it is never chosen as a target later
 */
public record RollbackRequest(
    String release,
    String namespace,
    Integer toRevision,
    Duration timeout,
    String reason,
    boolean markCurrentFailed,
    ClusterAccess cluster) {

  public RollbackRequest {
    if (release == null || release.isBlank()) {
      throw DeployException.usage("a release is required");
    }
    namespace = namespace == null || namespace.isBlank() ? "default" : namespace;
    timeout = timeout == null ? Duration.ofMinutes(5) : timeout;
    if (cluster == null) {
      throw DeployException.usage("cluster access is required");
    }
  }
}
