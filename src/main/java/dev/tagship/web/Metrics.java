package dev.tagship.web;

import dev.tagship.deploy.RevisionInfo;
import dev.tagship.pipeline.store.RunStore;
import dev.tagship.pipeline.store.RunTotals;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code /metrics} in Prometheus' text format. Runs come from the run history (so runs of {@code
 * tagship run} count as well as the dashboard's), deployments from the releases' Helm history, and
 * rollbacks made here from this process's own counters.
 */
final class Metrics {

  private final Map<List<String>, AtomicLong> rollbacks = new ConcurrentHashMap<>();

  void rollback(String cluster, String namespace, String release, String outcome) {
    rollbacks
        .computeIfAbsent(List.of(cluster, namespace, release, outcome), key -> new AtomicLong())
        .incrementAndGet();
  }

  /**
   * @param clusters what reading each configured cluster gave; none when no cluster is configured
   */
  String render(RunStore store, List<ClusterReleases.Reading> clusters) {
    StringBuilder text = new StringBuilder();
    runs(text, store.totals());
    releases(text, clusters);
    header(
        text,
        "tagship_rollbacks_total",
        "counter",
        "Rollbacks made from this dashboard, by outcome (succeeded, failed rollout, error).");
    new TreeMap<>(
            rollbacks.entrySet().stream()
                .collect(
                    java.util.stream.Collectors.toMap(
                        e -> String.join("\u0000", e.getKey()), e -> e.getValue().get())))
        .forEach(
            (key, count) -> {
              String[] labels = key.split("\u0000");
              sample(
                  text,
                  "tagship_rollbacks_total",
                  Map.of(
                      "cluster",
                      labels[0],
                      "namespace",
                      labels[1],
                      "release",
                      labels[2],
                      "outcome",
                      labels[3]),
                  count);
            });
    return text.toString();
  }

  private static void runs(StringBuilder text, List<RunTotals> totals) {
    Map<String, Map<String, Long>> byResult = new TreeMap<>();
    Map<String, Long> running = new TreeMap<>();
    Map<String, double[]> durations = new TreeMap<>();
    for (RunTotals total : totals) {
      if (total.result() == null) {
        running.put(total.pipeline(), total.count());
        continue;
      }
      byResult
          .computeIfAbsent(total.pipeline(), p -> new TreeMap<>())
          .put(total.result(), total.count());
      double[] sumAndCount = durations.computeIfAbsent(total.pipeline(), p -> new double[2]);
      sumAndCount[0] += total.durationMillis() / 1000.0;
      sumAndCount[1] += total.count();
    }
    header(
        text,
        "tagship_runs_total",
        "counter",
        "Finished runs in the run history, by pipeline and result (FAILURE counts failures).");
    byResult.forEach(
        (pipeline, results) ->
            results.forEach(
                (result, count) ->
                    sample(
                        text,
                        "tagship_runs_total",
                        Map.of("pipeline", pipeline, "result", result),
                        count)));
    header(text, "tagship_runs_running", "gauge", "Runs going on now, by pipeline.");
    running.forEach(
        (pipeline, count) ->
            sample(text, "tagship_runs_running", Map.of("pipeline", pipeline), count));
    header(
        text,
        "tagship_run_duration_seconds",
        "summary",
        "How long finished runs took, by pipeline.");
    durations.forEach(
        (pipeline, sumAndCount) -> {
          sample(
              text,
              "tagship_run_duration_seconds_sum",
              Map.of("pipeline", pipeline),
              sumAndCount[0]);
          sample(
              text,
              "tagship_run_duration_seconds_count",
              Map.of("pipeline", pipeline),
              sumAndCount[1]);
        });
  }

  private static void releases(StringBuilder text, List<ClusterReleases.Reading> clusters) {
    header(text, "tagship_cluster_up", "gauge", "1 when the cluster's releases could be read.");
    if (clusters.isEmpty()) {
      sample(text, "tagship_cluster_up", Map.of(), 0);
      return;
    }
    StringBuilder deployments = new StringBuilder();
    header(
        deployments,
        "tagship_deployments",
        "gauge",
        "Revisions Helm keeps of each release (capped by its history max), by tagship's verdict:"
            + " good, failed, or unverified.");
    StringBuilder current = new StringBuilder();
    header(current, "tagship_release_revision", "gauge", "The current revision of each release.");
    for (ClusterReleases.Reading cluster : clusters) {
      sample(
          text,
          "tagship_cluster_up",
          Map.of("cluster", cluster.cluster()),
          cluster.reachable() ? 1 : 0);
      for (ClusterReleases.Release release : cluster.releases()) {
        Map<String, String> labels =
            Map.of(
                "cluster", release.cluster(),
                "namespace", release.namespace(),
                "release", release.name());
        Map<String, Long> verdicts = new TreeMap<>();
        for (RevisionInfo revision : release.history()) {
          String verdict =
              revision.good() == null ? "unverified" : revision.good() ? "good" : "failed";
          verdicts.merge(verdict, 1L, Long::sum);
        }
        verdicts.forEach(
            (verdict, count) -> {
              Map<String, String> withVerdict = new TreeMap<>(labels);
              withVerdict.put("verdict", verdict);
              sample(deployments, "tagship_deployments", withVerdict, count);
            });
        if (release.current() != null) {
          sample(current, "tagship_release_revision", labels, release.current());
        }
      }
    }
    text.append(deployments).append(current);
  }

  private static void header(StringBuilder text, String name, String type, String help) {
    text.append("# HELP ").append(name).append(' ').append(help).append('\n');
    text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static void sample(
      StringBuilder text, String name, Map<String, String> labels, double value) {
    text.append(name);
    if (!labels.isEmpty()) {
      text.append('{');
      String separator = "";
      for (Map.Entry<String, String> label : new TreeMap<>(labels).entrySet()) {
        text.append(separator)
            .append(label.getKey())
            .append("=\"")
            .append(escape(label.getValue()))
            .append('"');
        separator = ",";
      }
      text.append('}');
    }
    text.append(' ');
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      text.append((long) value);
    } else {
      text.append(String.format(Locale.ROOT, "%.3f", value));
    }
    text.append('\n');
  }

  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
