package dev.tagship.deploy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Judges a Deployment as {@code kubectl rollout status} does: observed, every replica updated and
 * available, no old replicas left. Its new pods are those of the ReplicaSet carrying the
 * Deployment's revision: during a failed rollout the old ones stay up.
 */
final class DeploymentRollout {

  private static final String REVISION = "deployment.kubernetes.io/revision";

  private DeploymentRollout() {}

  static WorkloadRollout judge(
      Deployment deployment, List<ReplicaSet> replicaSets, List<Pod> pods) {
    String name = "deployment " + deployment.getMetadata().getName();
    DeploymentStatus status = deployment.getStatus();
    if (status == null
        || Owners.orZero(status.getObservedGeneration()) < Owners.generation(deployment)) {
      // Until the controller sees the new spec, the "newest" ReplicaSet may be the previous,
      // failed one, whose pods say nothing about this revision.
      return WorkloadRollout.unobserved(name);
    }
    int wanted = Objects.requireNonNullElse(deployment.getSpec().getReplicas(), 1);
    int updated = Owners.orZero(status.getUpdatedReplicas());
    int available = Owners.orZero(status.getAvailableReplicas());
    boolean complete =
        updated >= wanted && Owners.orZero(status.getReplicas()) <= updated && available >= updated;
    List<String> problems =
        conditions(status).stream()
            .filter(
                c ->
                    "Progressing".equals(c.getType())
                        && "False".equals(c.getStatus())
                        && "ProgressDeadlineExceeded".equals(c.getReason()))
            .map(c -> name + ": ProgressDeadlineExceeded: " + c.getMessage())
            .toList();
    ReplicaSet newest = newestReplicaSet(deployment, replicaSets);
    List<Pod> newPods = newest == null ? List.of() : Owners.ownedBy(newest, pods);
    return new WorkloadRollout(
        name,
        true,
        complete,
        problems,
        newPods,
        available + " of " + wanted + " replicas available, " + updated + " updated");
  }

  private static ReplicaSet newestReplicaSet(Deployment deployment, List<ReplicaSet> replicaSets) {
    List<ReplicaSet> owned = Owners.ownedBy(deployment, replicaSets);
    String revision = Owners.annotations(deployment).get(REVISION);
    return owned.stream()
        .filter(rs -> revision != null && revision.equals(Owners.annotations(rs).get(REVISION)))
        .findFirst()
        .orElseGet(
            () ->
                owned.stream()
                    .max(Comparator.comparing(rs -> rs.getMetadata().getCreationTimestamp()))
                    .orElse(null));
  }

  private static List<DeploymentCondition> conditions(DeploymentStatus status) {
    return status.getConditions() == null ? List.of() : status.getConditions();
  }
}
