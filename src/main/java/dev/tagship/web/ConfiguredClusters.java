package dev.tagship.web;

import java.util.List;
import java.util.Map;

/**
 * The clusters the dashboard was started with, found by the name a request gives; a request that
 * names none while there are several, or one that is not there, is told the names there are.
 */
final class ConfiguredClusters {

  private final List<DashboardCluster> clusters;
  private final String problemWhenNone;

  /**
   * @param problemWhenNone why there is no cluster, answered (503) when there is none
   */
  ConfiguredClusters(List<DashboardCluster> clusters, String problemWhenNone) {
    this.clusters = List.copyOf(clusters);
    this.problemWhenNone = problemWhenNone;
  }

  /** Every cluster, in the order they were given; a 503 saying why when there is none. */
  List<DashboardCluster> all() {
    if (clusters.isEmpty()) {
      throw new HttpProblem(503, problemWhenNone, Map.of());
    }
    return clusters;
  }

  List<String> names() {
    return clusters.stream().map(DashboardCluster::name).toList();
  }

  /**
   * The cluster called {@code name}; with a null name, the only cluster there is.
   *
   * @param from where the name goes in a request, for the error ({@code "cluster" in the body})
   */
  DashboardCluster named(String name, String from) {
    List<DashboardCluster> all = all();
    if (name == null || name.isBlank()) {
      if (all.size() == 1) {
        return all.get(0);
      }
      throw new HttpProblem(
          400,
          "this dashboard shows "
              + all.size()
              + " clusters ("
              + String.join(", ", names())
              + "): say which one with "
              + from,
          details());
    }
    return all.stream()
        .filter(cluster -> cluster.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new HttpProblem(
                    404,
                    "no cluster named "
                        + name
                        + " here; the clusters are "
                        + String.join(", ", names())
                        + " (start tagship serve with --cluster "
                        + name
                        + "=KUBECONFIG to add it)",
                    details()));
  }

  private Map<String, Object> details() {
    return Map.of("parameter", "cluster", "clusters", names());
  }
}
