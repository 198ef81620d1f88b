package dev.tagship.deploy;

import dev.tagship.core.Event;
import dev.tagship.core.EventListener;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Verifies one revision of a Helm release: every Deployment, StatefulSet and DaemonSet its stored
 * manifest names, in whatever namespace each lives, must finish its rollout — judged the way {@code
 * kubectl rollout status} judges its kind, on the objects of the revision's own pod template — but
 * it gives up at once, not at the timeout, when a pod of that template reports a state it will not
 * leave by itself (CrashLoopBackOff, ImagePullBackOff, CreateContainerConfigError...) or a
 * Deployment exceeds its progress deadline. When another deploy replaces the revision's objects, or
 * Helm records a newer revision, the verdict is SUPERSEDED whatever the pods showed: this build
 * then neither records the revision good nor rolls back someone else's. Driven by watches: it looks
 * again whenever a workload, a pod or Helm's record of the release changes.
 */
final class RolloutVerifier {

  private final KubernetesClient client;
  private final EventListener events;

  RolloutVerifier(KubernetesClient client, EventListener events) {
    this.client = client;
    this.events = events;
  }

  Verification verify(String release, String namespace, int revision, Duration timeout) {
    ReleaseRecords records = new ReleaseRecords(client);
    ManifestWorkloads manifest =
        ManifestWorkloads.parse(records.manifest(release, namespace, revision), namespace);
    List<String> notVerified =
        manifest.notVerified().stream().map(ref -> ref.describe(namespace)).toList();
    Semaphore changed = new Semaphore(0);
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Watch> watches = new ArrayList<>();
    try (HelmRecordWatch helm = new HelmRecordWatch(client, release, namespace, changed::release)) {
      watchWorkloads(manifest.rollouts(), changed, watches);
      RevisionWorkloads own = RevisionWorkloads.capture(client, namespace, manifest.rollouts());
      // Helm writes a revision's record before it applies its objects: with no newer record now,
      // the templates just read are this revision's
      Target target = new Target(release, namespace, revision);
      if (manifest.rollouts().isEmpty()) {
        return settle(target, Verdicts.nothingToVerify(release, revision, notVerified), List.of());
      }
      Verification supersededAlready = settle(target, null, List.of());
      if (supersededAlready != null) {
        return supersededAlready;
      }
      events.on(
          Event.info(
              "Verifying revision "
                  + revision
                  + " of "
                  + release
                  + ": "
                  + String.join(
                      ", ",
                      manifest.rollouts().stream().map(r -> r.describe(namespace)).toList())));
      while (true) {
        changed.drainPermits();
        List<WorkloadRollout> rollouts = own.look();
        Verification now = judge(target, rollouts, notVerified);
        if (now != null || helm.newestSeen() > revision) {
          Verification settled = settle(target, now, rollouts);
          if (settled != null) {
            return settled;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || !changed.tryAcquire(left, TimeUnit.NANOSECONDS)) {
          List<WorkloadRollout> last = own.look();
          Verification atDeadline = judge(target, last, notVerified);
          return settle(
              target,
              atDeadline != null
                  ? atDeadline
                  : Verdicts.timedOut(
                      release,
                      timeout,
                      last.stream()
                          .filter(rollout -> !rollout.complete())
                          .flatMap(
                              rollout ->
                                  java.util.stream.Stream.concat(
                                      java.util.stream.Stream.of(
                                          rollout.name() + ": waiting for " + rollout.waiting()),
                                      PodFailures.unscheduled(rollout.newPods(), target.namespace())
                                          .stream()))
                          .toList()),
              last);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw DeployException.failure("interrupted while verifying " + release, e);
    } finally {
      watches.forEach(Watch::close);
    }
  }

  private record Target(String release, String namespace, int revision) {}

  /** Watches the kinds the revision has, and their pods, in each namespace it uses. */
  private void watchWorkloads(List<WorkloadRef> workloads, Semaphore changed, List<Watch> watches) {
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
    Set<String> namespaces = new LinkedHashSet<>();
    Set<String> kinds = new LinkedHashSet<>();
    for (WorkloadRef workload : workloads) {
      if (kinds.add(workload.kind() + "/" + workload.namespace())) {
        var apps = client.apps();
        String namespace = workload.namespace();
        watches.add(
            switch (workload.kind()) {
              case "Deployment" -> apps.deployments().inNamespace(namespace).watch(cast(wake));
              case "StatefulSet" -> apps.statefulSets().inNamespace(namespace).watch(cast(wake));
              default -> apps.daemonSets().inNamespace(namespace).watch(cast(wake));
            });
      }
      if (namespaces.add(workload.namespace())) {
        watches.add(client.pods().inNamespace(workload.namespace()).watch(cast(wake)));
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> Watcher<T> cast(Watcher<Object> watcher) {
    return (Watcher<T>) (Watcher<?>) watcher;
  }

  /** Success, failure, superseded, or null while the rollout is still going. */
  private Verification judge(
      Target target, List<WorkloadRollout> rollouts, List<String> notVerified) {
    List<String> problems = new ArrayList<>();
    List<String> replaced = new ArrayList<>();
    boolean allDone = true;
    for (WorkloadRollout rollout : rollouts) {
      if (rollout.replaced() != null) {
        replaced.add(rollout.name() + ": " + rollout.replaced());
        continue;
      }
      problems.addAll(rollout.progressProblems());
      problems.addAll(
          PodFailures.describe(
              rollout.newPods(),
              namespace -> client.v1().events().inNamespace(namespace).list().getItems(),
              target.namespace()));
      allDone &= rollout.complete();
    }
    if (!replaced.isEmpty()) {
      return Verdicts.superseded(
          target.release(), target.revision(), null, String.join("; ", replaced), problems);
    }
    if (!problems.isEmpty()) {
      return Verdicts.failed(target.release(), problems);
    }
    return allDone ? Verdicts.rolledOut(target.release(), rollouts, notVerified) : null;
  }

  /**
   * The verdict, unless Helm has recorded a newer revision meanwhile: then the revision was
   * superseded, whatever its pods showed — a failure is kept as its problems, never acted on. With
   * no verdict yet, superseded or null.
   */
  private Verification settle(Target target, Verification verdict, List<WorkloadRollout> rollouts) {
    int newest = newestRevision(target);
    if (newest > target.revision()) {
      List<String> ownProblems =
          verdict == null || verdict.outcome() == Verification.Outcome.TIMED_OUT
              ? List.of()
              : verdict.problems();
      Verification superseded =
          Verdicts.superseded(target.release(), target.revision(), newest, null, ownProblems);
      events.on(Event.warn(superseded.summary()));
      return superseded;
    }
    if (verdict == null) {
      return null;
    }
    if (verdict.superseded()) {
      events.on(Event.warn(verdict.summary()));
    }
    if (verdict.succeeded()) {
      events.on(Event.info("Rollout of " + target.release() + " finished: " + describe(rollouts)));
    }
    return verdict;
  }

  private int newestRevision(Target target) {
    return new ReleaseRecords(client).newestRevision(target.release(), target.namespace());
  }

  private static String describe(List<WorkloadRollout> rollouts) {
    return rollouts.isEmpty()
        ? "no Deployment, StatefulSet or DaemonSet to wait for"
        : String.join(", ", rollouts.stream().map(WorkloadRollout::name).toList()) + " ready";
  }
}
