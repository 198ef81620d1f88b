package dev.tagship.deploy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategy;
import java.util.List;
import java.util.Objects;

/**
 * Judges a StatefulSet as {@code kubectl rollout status} does: observed, every replica ready, and
 * then either the partition's share of pods updated (a partitioned rolling update) or the current
 * revision caught up with the update revision. Its new pods carry the update revision in their
 * {@code controller-revision-hash} label: judged only while the set still has the revision's own
 * template, that names the ControllerRevision of the revision's template. With {@code OnDelete},
 * pods change only when someone deletes them, so there is no rollout to wait for.
 */
final class StatefulSetRollout {

  private StatefulSetRollout() {}

  static WorkloadRollout judge(String name, StatefulSet set, List<Pod> pods) {
    StatefulSetStatus status = set.getStatus();
    if (status == null
        || Owners.orZero(status.getObservedGeneration()) == 0
        || Owners.orZero(status.getObservedGeneration()) < Owners.generation(set)) {
      return WorkloadRollout.unobserved(name);
    }
    String updateRevision = status.getUpdateRevision();
    List<Pod> newPods =
        Owners.ownedBy(set, pods).stream()
            .filter(
                pod ->
                    updateRevision != null
                        && updateRevision.equals(
                            Owners.labels(pod).get(Owners.REVISION_HASH_LABEL)))
            .toList();
    StatefulSetUpdateStrategy strategy = set.getSpec().getUpdateStrategy();
    if (strategy != null && "OnDelete".equals(strategy.getType())) {
      return new WorkloadRollout(name, true, true, List.of(), List.of(), "");
    }
    int wanted = Objects.requireNonNullElse(set.getSpec().getReplicas(), 1);
    int ready = Owners.orZero(status.getReadyReplicas());
    int updated = Owners.orZero(status.getUpdatedReplicas());
    Integer partition =
        strategy == null || strategy.getRollingUpdate() == null
            ? null
            : strategy.getRollingUpdate().getPartition();
    boolean complete;
    String waiting;
    if (ready < wanted) {
      complete = false;
      waiting = ready + " of " + wanted + " pods ready";
    } else if (partition != null) {
      complete = updated >= wanted - partition;
      waiting = updated + " of " + (wanted - partition) + " pods above the partition updated";
    } else {
      complete = Objects.equals(status.getCurrentRevision(), updateRevision);
      waiting = updated + " of " + wanted + " pods at revision " + updateRevision;
    }
    return new WorkloadRollout(name, true, complete, List.of(), newPods, waiting);
  }
}
