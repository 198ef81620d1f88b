package dev.tagship.deploy;

import dev.tagship.core.Event;
import dev.tagship.core.EventListener;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Waits for every Deployment, StatefulSet and DaemonSet of a Helm release to finish its rollout,
 * each judged the way {@code kubectl rollout status} judges its kind, but gives up at once — not at
 * the timeout — when a pod of the new revision reports a state it will not leave by itself
 * (CrashLoopBackOff, ImagePullBackOff, CreateContainerConfigError...) or a Deployment exceeds its
 * progress deadline. Driven by watches: it looks again whenever a workload or pod changes.
 */
final class RolloutVerifier {

  private static final String RELEASE_ANNOTATION = "meta.helm.sh/release-name";

  private final KubernetesClient client;
  private final EventListener events;

  RolloutVerifier(KubernetesClient client, EventListener events) {
    this.client = client;
    this.events = events;
  }

  Verification verify(String release, String namespace, Duration timeout) {
    Semaphore changed = new Semaphore(0);
    Watcher<Object> wake =
        new Watcher<>() {
          @Override
          public void eventReceived(Action action, Object resource) {
            changed.release();
          }

          @Override
          public void onClose(WatcherException cause) {
            changed.release();
          }
        };
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Watch> watches = new ArrayList<>();
    try {
      watches.add(client.apps().deployments().inNamespace(namespace).watch(cast(wake)));
      watches.add(client.apps().statefulSets().inNamespace(namespace).watch(cast(wake)));
      watches.add(client.apps().daemonSets().inNamespace(namespace).watch(cast(wake)));
      watches.add(client.pods().inNamespace(namespace).watch(cast(wake)));
      while (true) {
        changed.drainPermits();
        List<WorkloadRollout> rollouts = rollouts(release, namespace);
        Verification now = judge(release, namespace, rollouts);
        if (now != null) {
          return now;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || !changed.tryAcquire(left, TimeUnit.NANOSECONDS)) {
          return new Verification(
              Verification.Outcome.TIMED_OUT,
              "the rollout of " + release + " did not finish within " + timeout.toSeconds() + " s",
              rollouts(release, namespace).stream()
                  .filter(rollout -> !rollout.complete())
                  .map(rollout -> rollout.name() + ": waiting for " + rollout.waiting())
                  .toList());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw DeployException.failure("interrupted while verifying " + release, e);
    } finally {
      watches.forEach(Watch::close);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> Watcher<T> cast(Watcher<Object> watcher) {
    return (Watcher<T>) (Watcher<?>) watcher;
  }

  /** Success, failure, or null while the rollout is still going. */
  private Verification judge(String release, String namespace, List<WorkloadRollout> rollouts) {
    List<String> problems = new ArrayList<>();
    boolean allDone = true;
    for (WorkloadRollout rollout : rollouts) {
      problems.addAll(rollout.progressProblems());
      problems.addAll(
          PodFailures.describe(
              rollout.newPods(),
              () -> client.v1().events().inNamespace(namespace).list().getItems()));
      allDone &= rollout.complete();
    }
    if (!problems.isEmpty()) {
      return new Verification(
          Verification.Outcome.FAILED,
          "the rollout of " + release + " failed: " + problems.get(0),
          problems);
    }
    if (!allDone) {
      return null;
    }
    String summary = rollouts.size() + " workload(s) of " + release + " rolled out";
    events.on(Event.info("Rollout of " + release + " finished: " + describe(rollouts)));
    return new Verification(Verification.Outcome.SUCCEEDED, summary, List.of());
  }

  /** Every workload of the release, each judged by its kind, from one look at the namespace. */
  private List<WorkloadRollout> rollouts(String release, String namespace) {
    var apps = client.apps();
    List<Deployment> deployments =
        ofRelease(release, apps.deployments().inNamespace(namespace).list().getItems());
    List<StatefulSet> statefulSets =
        ofRelease(release, apps.statefulSets().inNamespace(namespace).list().getItems());
    List<DaemonSet> daemonSets =
        ofRelease(release, apps.daemonSets().inNamespace(namespace).list().getItems());
    List<WorkloadRollout> rollouts = new ArrayList<>();
    if (deployments.isEmpty() && statefulSets.isEmpty() && daemonSets.isEmpty()) {
      return rollouts;
    }
    List<Pod> pods = client.pods().inNamespace(namespace).list().getItems();
    if (!deployments.isEmpty()) {
      List<ReplicaSet> replicaSets = apps.replicaSets().inNamespace(namespace).list().getItems();
      deployments.forEach(d -> rollouts.add(DeploymentRollout.judge(d, replicaSets, pods)));
    }
    statefulSets.forEach(s -> rollouts.add(StatefulSetRollout.judge(s, pods)));
    if (!daemonSets.isEmpty()) {
      List<ControllerRevision> revisions =
          apps.controllerRevisions().inNamespace(namespace).list().getItems();
      daemonSets.forEach(d -> rollouts.add(DaemonSetRollout.judge(d, revisions, pods)));
    }
    return rollouts;
  }

  private static <T extends HasMetadata> List<T> ofRelease(String release, List<T> workloads) {
    return workloads.stream()
        .filter(w -> release.equals(Owners.annotations(w).get(RELEASE_ANNOTATION)))
        .toList();
  }

  private static String describe(List<WorkloadRollout> rollouts) {
    return rollouts.isEmpty()
        ? "no Deployment, StatefulSet or DaemonSet to wait for"
        : String.join(", ", rollouts.stream().map(WorkloadRollout::name).toList()) + " ready";
  }
}
