package dev.tagship.testing;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watches a namespace's pods for the first container in CrashLoopBackOff, so a test can time what
 * tagship does from the moment a failure became visible.
 */
public final class CrashLoopWatch implements AutoCloseable {

  private final AtomicLong firstSeen = new AtomicLong();
  private final Watch watch;

  private CrashLoopWatch(KubernetesClient client, String namespace) {
    this.watch =
        client
            .pods()
            .inNamespace(namespace)
            .watch(
                new Watcher<Pod>() {
                  @Override
                  public void eventReceived(Action action, Pod pod) {
                    if (crashLooping(pod)) {
                      firstSeen.compareAndSet(0, System.nanoTime());
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                });
  }

  public static CrashLoopWatch start(KubernetesClient client, String namespace) {
    return new CrashLoopWatch(client, namespace);
  }

  /** System.nanoTime() when a crash loop was first seen, or 0 when none was. */
  public long firstSeenNanos() {
    return firstSeen.get();
  }

  private static boolean crashLooping(Pod pod) {
    List<ContainerStatus> statuses =
        pod.getStatus() == null ? null : pod.getStatus().getContainerStatuses();
    return statuses != null
        && statuses.stream()
            .anyMatch(
                status ->
                    status.getState() != null
                        && status.getState().getWaiting() != null
                        && "CrashLoopBackOff".equals(status.getState().getWaiting().getReason()));
  }

  @Override
  public void close() {
    watch.close();
  }
}
