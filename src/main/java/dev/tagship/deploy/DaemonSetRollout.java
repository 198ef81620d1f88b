package dev.tagship.deploy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import java.util.Comparator;
import java.util.List;

/**
 * Judges a DaemonSet as {@code kubectl rollout status} does: observed, then a pod of the current
 * template scheduled and available on every node that should run one. A DaemonSet's status does not
 * name its revision, so the new pods are found through its newest ControllerRevision, whose {@code
 * controller-revision-hash} label the pods of that revision carry too: judged only while the set
 * still has the revision's own template and the controller has observed it, the newest is that
 * template's (the controller gives the current template the highest revision number). With {@code
 * OnDelete} there is no rollout to wait for.
 */
final class DaemonSetRollout {

  private DaemonSetRollout() {}

  static WorkloadRollout judge(
      String name, DaemonSet set, List<ControllerRevision> revisions, List<Pod> pods) {
    DaemonSetStatus status = set.getStatus();
    if (status == null || Owners.orZero(status.getObservedGeneration()) < Owners.generation(set)) {
      return WorkloadRollout.unobserved(name);
    }
    if (set.getSpec().getUpdateStrategy() != null
        && "OnDelete".equals(set.getSpec().getUpdateStrategy().getType())) {
      return new WorkloadRollout(name, true, true, List.of(), List.of(), "");
    }
    String hash =
        Owners.ownedBy(set, revisions).stream()
            .max(Comparator.comparingLong(r -> Owners.orZero(r.getRevision())))
            .map(r -> Owners.labels(r).get(Owners.REVISION_HASH_LABEL))
            .orElse(null);
    List<Pod> newPods =
        Owners.ownedBy(set, pods).stream()
            .filter(
                pod ->
                    hash != null && hash.equals(Owners.labels(pod).get(Owners.REVISION_HASH_LABEL)))
            .toList();
    int desired = Owners.orZero(status.getDesiredNumberScheduled());
    int updated = Owners.orZero(status.getUpdatedNumberScheduled());
    int available = Owners.orZero(status.getNumberAvailable());
    return new WorkloadRollout(
        name,
        true,
        updated >= desired && available >= desired,
        List.of(),
        newPods,
        updated + " of " + desired + " pods updated, " + available + " available");
  }
}
