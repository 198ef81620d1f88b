package dev.tagship.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tagship.deploy.ClusterAccess;
import dev.tagship.deploy.ReleaseDeployer;
import dev.tagship.deploy.RevisionInfo;
import dev.tagship.deploy.RollbackRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code /api/releases}: the Helm releases of the configured namespaces with their history, and
 * rolling one back — the same code as {@code tagship rollback}, with who did it in the reason.
 */
final class ReleasesApi {

  private static final Pattern RELEASE = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");

  private final ClusterAccess cluster;
  private final String clusterProblem;
  private final List<String> namespaces;
  private final Duration rolloutTimeout;
  private final Rollbacks rollbacks;

  /**
   * @param cluster null when no cluster is configured; {@code clusterProblem} then says why
   */
  ReleasesApi(
      ClusterAccess cluster,
      String clusterProblem,
      List<String> namespaces,
      Duration rolloutTimeout,
      Rollbacks rollbacks) {
    this.cluster = cluster;
    this.clusterProblem = clusterProblem;
    this.namespaces = List.copyOf(namespaces);
    this.rolloutTimeout = rolloutTimeout;
    this.rollbacks = rollbacks;
  }

  void routes(Router router) {
    router.add("GET", "/api/releases", Router.Guard.READ, this::list);
    router.add("GET", "/api/releases/{namespace}/{release}", Router.Guard.READ, this::show);
    router.add(
        "POST", "/api/releases/{namespace}/{release}/rollback", Router.Guard.WRITE, this::rollback);
    router.add("GET", "/api/rollbacks", Router.Guard.READ, this::recentRollbacks);
  }

  private void list(Exchange exchange) throws Exception {
    ClusterAccess access = cluster();
    ReleaseDeployer deployer = new ReleaseDeployer(event -> {});
    List<Map<String, Object>> releases = new ArrayList<>();
    for (String namespace : namespaces) {
      for (String release : deployer.releases(namespace, access)) {
        releases.add(release(namespace, release, deployer.history(release, namespace, access)));
      }
    }
    exchange.json(200, releases);
  }

  private void show(Exchange exchange) throws Exception {
    String namespace = namespace(exchange);
    String release = release(exchange);
    List<RevisionInfo> history =
        new ReleaseDeployer(event -> {}).history(release, namespace, cluster());
    if (history.isEmpty()) {
      throw HttpProblem.notFound("no release " + release + " in namespace " + namespace);
    }
    exchange.json(200, release(namespace, release, history));
  }

  /** Body: {@code {"revision": K}} (none: the last good revision), optionally {@code "reason"}. */
  private void rollback(Exchange exchange) throws Exception {
    String namespace = namespace(exchange);
    String release = release(exchange);
    JsonNode body = exchange.jsonBody();
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
            new RollbackRequest(
                release, namespace, revision, rolloutTimeout, reason, false, cluster()),
            exchange.who());
    exchange.json(200, progress.json());
  }

  private void recentRollbacks(Exchange exchange) throws Exception {
    exchange.json(200, rollbacks.recent());
  }

  private static Map<String, Object> release(
      String namespace, String release, List<RevisionInfo> history) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("namespace", namespace);
    json.put("release", release);
    json.put("current", history.isEmpty() ? null : history.get(history.size() - 1).revision());
    List<RevisionInfo> newestFirst = new ArrayList<>(history);
    java.util.Collections.reverse(newestFirst);
    json.put("revisions", newestFirst);
    return json;
  }

  private ClusterAccess cluster() {
    if (cluster == null) {
      throw new HttpProblem(503, clusterProblem, Map.of());
    }
    return cluster;
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
