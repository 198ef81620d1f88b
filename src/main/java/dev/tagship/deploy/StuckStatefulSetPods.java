package dev.tagship.deploy;

import dev.tagship.core.Event;
import dev.tagship.core.EventListener;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.readiness.Readiness;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Kubernetes' "forced rollback" of a StatefulSet: once its template is reverted, the controller
 * still waits for a pod of the failed template to become Ready before it replaces it — which a
 * crash-looping pod never does — so the rollback would hang until its timeout. The pods of another
 * template that are not Ready are deleted, as Kubernetes' documentation tells an operator to do;
 * the controller then makes them from the restored template.
 */
final class StuckStatefulSetPods {

  private static final Duration OBSERVED_WITHIN = Duration.ofSeconds(30);
  private static final String REVISION_LABEL = "controller-revision-hash";

  private final KubernetesClient client;
  private final EventListener events;

  StuckStatefulSetPods(KubernetesClient client, EventListener events) {
    this.client = client;
    this.events = events;
  }

  /** For each StatefulSet of the restored manifest, deletes its stuck pods of other templates. */
  void release(List<WorkloadRef> workloads) {
    for (WorkloadRef ref : workloads) {
      if (ref.kind().equals("StatefulSet")) {
        release(ref);
      }
    }
  }

  private void release(WorkloadRef ref) {
    StatefulSet set = observed(ref);
    if (set == null || set.getStatus() == null || set.getStatus().getUpdateRevision() == null) {
      return;
    }
    String restored = set.getStatus().getUpdateRevision();
    List<Pod> pods =
        client
            .pods()
            .inNamespace(ref.namespace())
            .withLabelSelector(set.getSpec().getSelector())
            .list()
            .getItems();
    for (Pod pod : pods) {
      String revision = pod.getMetadata().getLabels().get(REVISION_LABEL);
      if (revision != null && !revision.equals(restored) && !Readiness.isPodReady(pod)) {
        events.on(
            Event.info(
                "Deleting pod "
                    + pod.getMetadata().getName()
                    + " of statefulset "
                    + ref.name()
                    + ": it runs the failed template and is not ready, and Kubernetes does not"
                    + " replace such a pod by itself"));
        client.pods().inNamespace(ref.namespace()).resource(pod).delete();
      }
    }
  }

  /** The StatefulSet once its controller has seen the restored template, or null. */
  private StatefulSet observed(WorkloadRef ref) {
    long deadline = System.nanoTime() + OBSERVED_WITHIN.toNanos();
    while (true) {
      StatefulSet set =
          client.apps().statefulSets().inNamespace(ref.namespace()).withName(ref.name()).get();
      if (set == null
          || (set.getStatus() != null
              && Objects.equals(
                  set.getStatus().getObservedGeneration(), set.getMetadata().getGeneration()))) {
        return set;
      }
      if (System.nanoTime() > deadline) {
        return null;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
  }
}
