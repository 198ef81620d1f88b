package dev.tagship.deploy;

import java.time.Duration;

/**
 * Roll {@code release} back to {@code toRevision}, or, when null, to the last revision whose
 * rollout tagship verified — not blindly to the one before.
 *
 * @param timeout the rollback's own rollout timeout, separate from the failed upgrade's
 * @param reason why, recorded in the new revision's description
 * @param markCurrentFailed record the revision rolled back from as failed first (it rolled out but
 *     what came after failed), so it is never chosen as a target later
 * @param fromRevision the revision this rollback is for — the one the build made and found failed:
 *     it is the one marked failed, and the rollback goes ahead only while it is still the release's
 *     current revision, so a build never rolls back another build's revision. Null: whatever is
 *     current (a rollback by hand)
 * @param repairPending mark a revision left {@code pending-*} by a client that records no owner
 *     failed, and roll back from it (a tagship build that is gone is recognised without asking)
 */
public record RollbackRequest(
    String release,
    String namespace,
    Integer toRevision,
    Duration timeout,
    String reason,
    boolean markCurrentFailed,
    ClusterAccess cluster,
    Integer fromRevision,
    boolean repairPending) {

  public RollbackRequest {
    if (release == null || release.isBlank()) {
      throw DeployException.usage("a release is required");
    }
    namespace = namespace == null || namespace.isBlank() ? "default" : namespace;
    timeout = timeout == null ? Duration.ofMinutes(5) : timeout;
    if (cluster == null) {
      throw DeployException.usage("cluster access is required");
    }
    if (fromRevision != null && fromRevision < 1) {
      throw DeployException.usage(
          "revision " + fromRevision + " is not valid: give a revision number, 1 or more");
    }
  }

  /** From whatever revision is current: a rollback by hand. */
  public RollbackRequest(
      String release,
      String namespace,
      Integer toRevision,
      Duration timeout,
      String reason,
      boolean markCurrentFailed,
      ClusterAccess cluster) {
    this(release, namespace, toRevision, timeout, reason, markCurrentFailed, cluster, null, false);
  }
}
