package dev.tagship.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.List;
import java.util.Objects;

/**
 * Judges a Deployment as {@code kubectl rollout status} does: observed, every replica updated and
 * available, no old replicas left. Its new pods are those of the ReplicaSet of the revision's own
 * template, found as the Deployment controller finds it (the template equal but for {@code
 * pod-template-hash}): during a failed rollout the old ones stay up, and the ReplicaSet of a later
 * template is someone else's.
 */
final class DeploymentRollout {

  private DeploymentRollout() {}

  static WorkloadRollout judge(
      String name,
      Deployment deployment,
      JsonNode ownTemplate,
      List<ReplicaSet> replicaSets,
      List<Pod> pods) {
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
    List<Pod> newPods =
        Owners.ownedBy(deployment, replicaSets).stream()
            .filter(rs -> PodTemplates.same(rs.getSpec().getTemplate(), ownTemplate))
            .findFirst()
            .map(own -> Owners.ownedBy(own, pods))
            .orElse(List.of());
    return new WorkloadRollout(
        name,
        true,
        complete,
        problems,
        newPods,
        available
            + " of "
            + wanted
            + " replicas available, "
            + updated
            + " updated"
            + replicaFailure(status));
  }

  /**
   * Why the controller cannot make pods (a missing ServiceAccount, a quota), which no pod shows:
   * there is none.
   */
  private static String replicaFailure(DeploymentStatus status) {
    return conditions(status).stream()
        .filter(c -> "ReplicaFailure".equals(c.getType()) && "True".equals(c.getStatus()))
        .map(c -> " (" + c.getReason() + ": " + c.getMessage() + ")")
        .findFirst()
        .orElse("");
  }

  private static List<DeploymentCondition> conditions(DeploymentStatus status) {
    return status.getConditions() == null ? List.of() : status.getConditions();
  }
}
