package dev.tagship.web;

import dev.tagship.core.Event;
import dev.tagship.deploy.ReleaseDeployer;
import dev.tagship.deploy.RollbackRequest;
import dev.tagship.deploy.RollbackResult;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rollbacks made from the dashboard, kept while they run and for a while after, with the events of
 * their rollout, so the page shows a rollout as it happens while the request that started it waits.
 */
final class Rollbacks {

  private static final int KEPT = 20;

  /** One rollback as the page shows it. */
  static final class Progress {
    final long id;
    final String cluster;
    final String namespace;
    final String release;
    final Integer toRevision;
    final String by;
    final String startedAt;
    private final List<String> events = new ArrayList<>();
    private RollbackResult result;
    private String error;

    Progress(
        long id,
        String cluster,
        String namespace,
        String release,
        Integer toRevision,
        String by,
        String at) {
      this.id = id;
      this.cluster = cluster;
      this.namespace = namespace;
      this.release = release;
      this.toRevision = toRevision;
      this.by = by;
      this.startedAt = at;
    }

    synchronized void event(Event event) {
      events.add(event.message());
    }

    synchronized void finished(RollbackResult result, String error) {
      this.result = result;
      this.error = error;
    }

    synchronized Map<String, Object> json() {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("id", id);
      json.put("cluster", cluster);
      json.put("namespace", namespace);
      json.put("release", release);
      json.put("toRevision", toRevision);
      json.put("by", by);
      json.put("startedAt", startedAt);
      json.put("running", result == null && error == null);
      json.put("events", List.copyOf(events));
      json.put("error", error);
      if (result != null) {
        json.put("fromRevision", result.fromRevision());
        json.put("restoredRevision", result.restoredRevision());
        json.put("newRevision", result.newRevision());
        Map<String, Object> verification = new LinkedHashMap<>();
        verification.put("succeeded", result.verification().succeeded());
        verification.put("outcome", result.verification().outcome().name());
        verification.put("summary", result.verification().summary());
        verification.put("problems", result.verification().problems());
        json.put("verification", verification);
      }
      return json;
    }
  }

  private final Clock clock;
  private final AtomicLong ids = new AtomicLong();
  private final Deque<Progress> recent = new ArrayDeque<>();
  private final Metrics metrics;

  Rollbacks(Clock clock, Metrics metrics) {
    this.clock = clock;
    this.metrics = metrics;
  }

  /**
   * Runs {@code request} on {@code cluster} (its events shown as they come), then records its
   * outcome with the cluster and who asked.
   */
  Progress run(String cluster, RollbackRequest request, String by) {
    Progress progress =
        new Progress(
            ids.incrementAndGet(),
            cluster,
            request.namespace(),
            request.release(),
            request.toRevision(),
            by,
            clock.instant().toString());
    synchronized (recent) {
      recent.addFirst(progress);
      while (recent.size() > KEPT) {
        recent.removeLast();
      }
    }
    try {
      RollbackResult result = new ReleaseDeployer(progress::event).rollback(request);
      progress.finished(result, null);
      metrics.rollback(
          cluster,
          request.namespace(),
          request.release(),
          result.verification().succeeded() ? "succeeded" : "failed");
    } catch (RuntimeException e) {
      progress.finished(null, e.getMessage());
      metrics.rollback(cluster, request.namespace(), request.release(), "error");
      throw e;
    }
    return progress;
  }

  List<Map<String, Object>> recent() {
    synchronized (recent) {
      return recent.stream().map(Progress::json).toList();
    }
  }
}
