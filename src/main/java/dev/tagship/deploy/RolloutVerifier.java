package dev.tagship.deploy;

import dev.tagship.core.Event;
import dev.tagship.core.EventListener;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Waits for every Deployment of a Helm release to finish its rollout, the way {@code kubectl
 * rollout status} judges it, but gives up at once — not at the timeout — when a pod of the new
 * revision reports a state it will not leave by itself (CrashLoopBackOff, ImagePullBackOff,
 * CreateContainerConfigError...) or the Deployment exceeds its progress deadline. Driven by
 * watches: it looks again whenever a Deployment or pod changes.
 */
final class RolloutVerifier {

  static final Set<String> FATAL_WAITING_REASONS =
      Set.of(
          "CrashLoopBackOff",
          "ImagePullBackOff",
          "ErrImagePull",
          "CreateContainerConfigError",
          "CreateContainerError",
          "InvalidImageName");

  private static final String RELEASE_ANNOTATION = "meta.helm.sh/release-name";
  private static final String REVISION_ANNOTATION = "deployment.kubernetes.io/revision";

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
    Watch deployments = client.apps().deployments().inNamespace(namespace).watch(cast(wake));
    Watch pods = client.pods().inNamespace(namespace).watch(cast(wake));
    try {
      while (true) {
        changed.drainPermits();
        Verification now = evaluate(release, namespace);
        if (now != null) {
          return now;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || !changed.tryAcquire(left, TimeUnit.NANOSECONDS)) {
          return new Verification(
              Verification.Outcome.TIMED_OUT,
              "the rollout of " + release + " did not finish within " + timeout.toSeconds() + " s",
              waitingFor(release, namespace));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw DeployException.failure("interrupted while verifying " + release, e);
    } finally {
      deployments.close();
      pods.close();
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> Watcher<T> cast(Watcher<Object> watcher) {
    return (Watcher<T>) (Watcher<?>) watcher;
  }

  /** Success, failure, or null while the rollout is still going. */
  private Verification evaluate(String release, String namespace) {
    List<Deployment> workloads = deploymentsOf(release, namespace);
    List<String> problems = new ArrayList<>();
    boolean allDone = true;
    for (Deployment deployment : workloads) {
      String name = deployment.getMetadata().getName();
      if (!observed(deployment)) {
        // The controller has not seen the new spec yet: the "newest" ReplicaSet may still be
        // the previous, failed one, whose pods say nothing about this revision.
        allDone = false;
        continue;
      }
      for (DeploymentCondition condition : conditions(deployment)) {
        if ("Progressing".equals(condition.getType())
            && "False".equals(condition.getStatus())
            && "ProgressDeadlineExceeded".equals(condition.getReason())) {
          problems.add(
              "deployment " + name + ": ProgressDeadlineExceeded: " + condition.getMessage());
        }
      }
      for (Pod pod : newPods(deployment, namespace)) {
        for (ContainerStatus status : containerStatuses(pod)) {
          if (status.getState() != null
              && status.getState().getWaiting() != null
              && FATAL_WAITING_REASONS.contains(status.getState().getWaiting().getReason())) {
            problems.add(
                "pod "
                    + pod.getMetadata().getName()
                    + " container "
                    + status.getName()
                    + ": "
                    + status.getState().getWaiting().getReason()
                    + messageOf(status.getState().getWaiting().getMessage())
                    + lastEvents(namespace, pod.getMetadata().getName()));
          }
        }
      }
      allDone &= isRolledOut(deployment);
    }
    if (!problems.isEmpty()) {
      return new Verification(
          Verification.Outcome.FAILED,
          "the rollout of " + release + " failed: " + problems.get(0),
          problems);
    }
    if (allDone) {
      events.on(
          Event.info(
              "Rollout of " + release + " finished: " + workloads.size() + " deployment(s) ready"));
      return new Verification(
          Verification.Outcome.SUCCEEDED,
          workloads.size() + " deployment(s) of " + release + " rolled out",
          List.of());
    }
    return null;
  }

  private List<Deployment> deploymentsOf(String release, String namespace) {
    return client.apps().deployments().inNamespace(namespace).list().getItems().stream()
        .filter(
            d ->
                release.equals(
                    annotations(d.getMetadata().getAnnotations()).get(RELEASE_ANNOTATION)))
        .toList();
  }

  private static boolean observed(Deployment deployment) {
    long generation = Objects.requireNonNullElse(deployment.getMetadata().getGeneration(), 0L);
    return deployment.getStatus() != null
        && Objects.requireNonNullElse(deployment.getStatus().getObservedGeneration(), 0L)
            >= generation;
  }

  /** What {@code kubectl rollout status} checks: observed, updated, available, old pods gone. */
  static boolean isRolledOut(Deployment deployment) {
    var status = deployment.getStatus();
    if (status == null) {
      return false;
    }
    long generation = Objects.requireNonNullElse(deployment.getMetadata().getGeneration(), 0L);
    long observed = Objects.requireNonNullElse(status.getObservedGeneration(), 0L);
    int wanted = Objects.requireNonNullElse(deployment.getSpec().getReplicas(), 1);
    int updated = Objects.requireNonNullElse(status.getUpdatedReplicas(), 0);
    int replicas = Objects.requireNonNullElse(status.getReplicas(), 0);
    int available = Objects.requireNonNullElse(status.getAvailableReplicas(), 0);
    return observed >= generation
        && updated >= wanted
        && replicas <= updated
        && available >= updated;
  }

  /** Pods of the Deployment's newest ReplicaSet: during a failed rollout the old ones stay up. */
  private List<Pod> newPods(Deployment deployment, String namespace) {
    String revision =
        annotations(deployment.getMetadata().getAnnotations()).get(REVISION_ANNOTATION);
    List<ReplicaSet> owned =
        client.apps().replicaSets().inNamespace(namespace).list().getItems().stream()
            .filter(
                rs ->
                    ownedBy(
                        rs.getMetadata().getOwnerReferences(), deployment.getMetadata().getUid()))
            .toList();
    ReplicaSet newest =
        owned.stream()
            .filter(
                rs ->
                    revision != null
                        && revision.equals(
                            annotations(rs.getMetadata().getAnnotations())
                                .get(REVISION_ANNOTATION)))
            .findFirst()
            .orElseGet(
                () ->
                    owned.stream()
                        .max(Comparator.comparing(rs -> rs.getMetadata().getCreationTimestamp()))
                        .orElse(null));
    if (newest == null) {
      return List.of();
    }
    return client.pods().inNamespace(namespace).list().getItems().stream()
        .filter(
            pod -> ownedBy(pod.getMetadata().getOwnerReferences(), newest.getMetadata().getUid()))
        .toList();
  }

  private String lastEvents(String namespace, String pod) {
    List<io.fabric8.kubernetes.api.model.Event> podEvents =
        client.v1().events().inNamespace(namespace).list().getItems().stream()
            .filter(
                e -> e.getInvolvedObject() != null && pod.equals(e.getInvolvedObject().getName()))
            .sorted(Comparator.comparing(e -> Objects.requireNonNullElse(e.getLastTimestamp(), "")))
            .toList();
    List<String> lines = new ArrayList<>();
    for (int i = Math.max(0, podEvents.size() - 3); i < podEvents.size(); i++) {
      var event = podEvents.get(i);
      lines.add(event.getReason() + ": " + event.getMessage());
    }
    return lines.isEmpty() ? "" : " (events: " + String.join("; ", lines) + ")";
  }

  private List<String> waitingFor(String release, String namespace) {
    List<String> waiting = new ArrayList<>();
    for (Deployment deployment : deploymentsOf(release, namespace)) {
      if (!isRolledOut(deployment)) {
        var status = deployment.getStatus();
        waiting.add(
            "deployment "
                + deployment.getMetadata().getName()
                + ": "
                + (status == null
                    ? 0
                    : Objects.requireNonNullElse(status.getAvailableReplicas(), 0))
                + " of "
                + Objects.requireNonNullElse(deployment.getSpec().getReplicas(), 1)
                + " replicas available");
      }
    }
    return waiting;
  }

  private static boolean ownedBy(List<OwnerReference> owners, String uid) {
    return owners != null && owners.stream().anyMatch(o -> uid != null && uid.equals(o.getUid()));
  }

  private static Map<String, String> annotations(Map<String, String> annotations) {
    return annotations == null ? Map.of() : annotations;
  }

  private static List<DeploymentCondition> conditions(Deployment deployment) {
    return deployment.getStatus() == null || deployment.getStatus().getConditions() == null
        ? List.of()
        : deployment.getStatus().getConditions();
  }

  private static List<ContainerStatus> containerStatuses(Pod pod) {
    return pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
        ? List.of()
        : pod.getStatus().getContainerStatuses();
  }

  private static String messageOf(String message) {
    return message == null || message.isBlank() ? "" : " — " + message;
  }
}
