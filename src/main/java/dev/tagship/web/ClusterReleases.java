package dev.tagship.web;

import dev.tagship.core.DaemonThreads;
import dev.tagship.core.TagshipException;
import dev.tagship.deploy.ReleaseDeployer;
import dev.tagship.deploy.RevisionInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads the releases of several clusters side by side, each within a deadline, so a cluster that is
 * down or slow is reported with the reason while the others are shown as usual.
 */
final class ClusterReleases implements AutoCloseable {

  /**
   * How long reading one cluster may take. A refused connection fails within a second (tagship
   * lowers fabric8's retries), but an address that drops packets costs fabric8's 10 s connect
   * timeout per attempt, which neither a page nor a Prometheus scrape should wait for.
   */
  static final Duration DEADLINE = Duration.ofSeconds(15);

  /** One release of one cluster with every revision Helm keeps, oldest first. */
  record Release(String cluster, String namespace, String name, List<RevisionInfo> history) {

    /** The current revision; null when Helm keeps none. */
    Integer current() {
      return history.isEmpty() ? null : history.get(history.size() - 1).revision();
    }
  }

  /** What reading one cluster gave: its releases, or (when it could not be read) why not. */
  record Reading(String cluster, List<Release> releases, String problem) {

    boolean reachable() {
      return problem == null;
    }
  }

  private final List<String> namespaces;
  private final Duration deadline;
  private final ExecutorService readers =
      Executors.newCachedThreadPool(DaemonThreads.named("tagship-cluster-read"));

  ClusterReleases(List<String> namespaces, Duration deadline) {
    this.namespaces = List.copyOf(namespaces);
    this.deadline = deadline;
  }

  /** The releases of each of {@code clusters}, in their order, read at the same time. */
  List<Reading> read(List<DashboardCluster> clusters) {
    List<Future<List<Release>>> reads = new ArrayList<>();
    for (DashboardCluster cluster : clusters) {
      reads.add(readers.submit(() -> releases(cluster)));
    }
    long end = System.nanoTime() + deadline.toNanos();
    List<Reading> readings = new ArrayList<>();
    for (int i = 0; i < clusters.size(); i++) {
      readings.add(outcome(clusters.get(i).name(), reads.get(i), end));
    }
    return readings;
  }

  private Reading outcome(String cluster, Future<List<Release>> read, long end) {
    try {
      return new Reading(
          cluster, read.get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS), null);
    } catch (TimeoutException e) {
      read.cancel(true);
      return new Reading(
          cluster,
          List.of(),
          "the cluster did not answer within " + deadline.toSeconds() + " s: check that it is up");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      return new Reading(
          cluster,
          List.of(),
          cause instanceof TagshipException ? cause.getMessage() : "reading it failed: " + cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      read.cancel(true);
      return new Reading(cluster, List.of(), "the dashboard is stopping");
    }
  }

  private List<Release> releases(DashboardCluster cluster) {
    ReleaseDeployer deployer = new ReleaseDeployer(event -> {});
    List<Release> releases = new ArrayList<>();
    for (String namespace : namespaces) {
      for (String name : deployer.releases(namespace, cluster.access())) {
        releases.add(
            new Release(
                cluster.name(),
                namespace,
                name,
                deployer.history(name, namespace, cluster.access())));
      }
    }
    return releases;
  }

  @Override
  public void close() {
    readers.shutdownNow();
  }
}
