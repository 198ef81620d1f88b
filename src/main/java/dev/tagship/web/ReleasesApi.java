package dev.tagship.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tagship.core.TagshipException;
import dev.tagship.deploy.ReleaseDeployer;
import dev.tagship.deploy.RevisionInfo;
import dev.tagship.deploy.RollbackRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code /api/releases} and {@code /api/clusters}: the Helm releases of the configured clusters and
 * namespaces with their history, and rolling one back — the same code as {@code tagship rollback},
 * with who did it in the reason.
 */
final class ReleasesApi {

  private static final Pattern RELEASE = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
  static final String UNREACHABLE_HEADER = "X-Tagship-Unreachable-Clusters";

  private final ConfiguredClusters clusters;
  private final ClusterReleases reader;
  private final List<String> namespaces;
  private final Duration rolloutTimeout;
  private final Rollbacks rollbacks;

  ReleasesApi(
      ConfiguredClusters clusters,
      ClusterReleases reader,
      List<String> namespaces,
      Duration rolloutTimeout,
      Rollbacks rollbacks) {
    this.clusters = clusters;
    this.reader = reader;
    this.namespaces = List.copyOf(namespaces);
    this.rolloutTimeout = rolloutTimeout;
    this.rollbacks = rollbacks;
  }

  void routes(Router router) {
    router.add("GET", "/api/clusters", Router.Guard.READ, this::clusters);
    router.add("GET", "/api/releases", Router.Guard.READ, this::list);
    router.add("GET", "/api/releases/{namespace}/{release}", Router.Guard.READ, this::show);
    router.add(
        "POST", "/api/releases/{namespace}/{release}/rollback", Router.Guard.WRITE, this::rollback);
    router.add("GET", "/api/rollbacks", Router.Guard.READ, this::recentRollbacks);
  }

  /** Each cluster with whether it could be read (and why not) and its releases by namespace. */
  private void clusters(Exchange exchange) throws Exception {
    List<Map<String, Object>> json = new ArrayList<>();
    for (ClusterReleases.Reading reading : reader.read(clusters.all())) {
      Map<String, Object> cluster = new LinkedHashMap<>();
      cluster.put("name", reading.cluster());
      cluster.put("reachable", reading.reachable());
      cluster.put("problem", reading.problem());
      List<Map<String, Object>> byNamespace = new ArrayList<>();
      if (reading.reachable()) {
        for (String namespace : namespaces) {
          Map<String, Object> releases = new LinkedHashMap<>();
          releases.put("namespace", namespace);
          releases.put(
              "releases",
              reading.releases().stream()
                  .filter(release -> release.namespace().equals(namespace))
                  .map(ReleasesApi::release)
                  .toList());
          byNamespace.add(releases);
        }
      }
      cluster.put("namespaces", byNamespace);
      json.add(cluster);
    }
    exchange.json(200, json);
  }

  /**
   * The releases of every cluster, or of {@code ?cluster=NAME}. Clusters that could not be read are
   * named in a header; when none could be, the answer is a 503 saying why.
   */
  private void list(Exchange exchange) throws Exception {
    String named = exchange.query("cluster");
    List<DashboardCluster> chosen =
        named == null || named.isBlank()
            ? clusters.all()
            : List.of(clusters.named(named, "?cluster=NAME"));
    List<ClusterReleases.Reading> readings = reader.read(chosen);
    List<ClusterReleases.Reading> unreachable =
        readings.stream().filter(reading -> !reading.reachable()).toList();
    if (!unreachable.isEmpty() && unreachable.size() == readings.size()) {
      throw new HttpProblem(
          503,
          "cannot read the releases: "
              + unreachable.stream()
                  .map(reading -> "cluster " + reading.cluster() + ": " + reading.problem())
                  .collect(Collectors.joining("; ")),
          Map.of(
              "unreachable", unreachable.stream().map(ClusterReleases.Reading::cluster).toList()));
    }
    if (!unreachable.isEmpty()) {
      exchange.header(
          UNREACHABLE_HEADER,
          unreachable.stream()
              .map(ClusterReleases.Reading::cluster)
              .collect(Collectors.joining(",")));
    }
    exchange.json(
        200,
        readings.stream()
            .flatMap(reading -> reading.releases().stream())
            .map(ReleasesApi::release)
            .toList());
  }

  private void show(Exchange exchange) throws Exception {
    String namespace = namespace(exchange);
    String release = release(exchange);
    DashboardCluster cluster = clusters.named(exchange.query("cluster"), "?cluster=NAME");
    List<RevisionInfo> history;
    try {
      history = new ReleaseDeployer(event -> {}).history(release, namespace, cluster.access());
    } catch (TagshipException e) {
      throw new HttpProblem(503, "cluster " + cluster.name() + ": " + e.getMessage(), Map.of());
    }
    if (history.isEmpty()) {
      throw HttpProblem.notFound(
          "no release " + release + " in namespace " + namespace + " of cluster " + cluster.name());
    }
    exchange.json(
        200, release(new ClusterReleases.Release(cluster.name(), namespace, release, history)));
  }

  /**
   * Body: {@code {"revision": K}} (none: the last good revision), optionally {@code "reason"}, and
   * {@code "cluster"} — required when the dashboard shows more than one.
   */
  private void rollback(Exchange exchange) throws Exception {
    String namespace = namespace(exchange);
    String release = release(exchange);
    JsonNode body = exchange.jsonBody();
    if (body.hasNonNull("cluster") && !body.get("cluster").isTextual()) {
      throw new HttpProblem(
          400,
          "cluster must be a cluster's name, one of " + clusters.names(),
          Map.of("parameter", "cluster", "clusters", clusters.names()));
    }
    DashboardCluster cluster =
        clusters.named(body.path("cluster").asText(null), "\"cluster\" in the body");
    Integer revision = null;
    if (body.hasNonNull("revision")) {
      if (!body.get("revision").canConvertToInt() || body.get("revision").asInt() < 1) {
        throw new HttpProblem(
            400,
            "revision must be a revision number (1 or more), as the release's history lists",
            Map.of("parameter", "revision"));
      }
      revision = body.get("revision").asInt();
    }
    String why = body.path("reason").asText("").strip();
    String reason =
        "rolled back from the dashboard by "
            + exchange.who()
            + (why.isEmpty() ? "" : ": " + why.substring(0, Math.min(why.length(), 200)));
    Rollbacks.Progress progress =
        rollbacks.run(
            cluster.name(),
            new RollbackRequest(
                release, namespace, revision, rolloutTimeout, reason, false, cluster.access()),
            exchange.who());
    exchange.json(200, progress.json());
  }

  private void recentRollbacks(Exchange exchange) throws Exception {
    exchange.json(200, rollbacks.recent());
  }

  private static Map<String, Object> release(ClusterReleases.Release release) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("cluster", release.cluster());
    json.put("namespace", release.namespace());
    json.put("release", release.name());
    json.put("current", release.current());
    List<RevisionInfo> newestFirst = new ArrayList<>(release.history());
    java.util.Collections.reverse(newestFirst);
    json.put("revisions", newestFirst);
    return json;
  }

  private String namespace(Exchange exchange) {
    String namespace = exchange.pathParameter("namespace");
    if (!namespaces.contains(namespace)) {
      throw HttpProblem.notFound(
          "namespace "
              + namespace
              + " is not one this dashboard shows; it shows "
              + namespaces
              + " (start tagship serve with --namespace "
              + namespace
              + " to add it)");
    }
    return namespace;
  }

  private static String release(Exchange exchange) {
    String release = exchange.pathParameter("release");
    if (!RELEASE.matcher(release).matches() || release.length() > 53) {
      throw HttpProblem.badRequest(
          "'" + release + "' is not a Helm release name (lower-case letters, digits and -)");
    }
    return release;
  }
}
