package dev.tagship.web;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * How {@code tagship serve} runs.
 *
 * @param host the address to listen on (127.0.0.1 unless told otherwise)
 * @param port 0 for any free port
 * @param token the sign-in token, or {@code NAME:TOKEN} lines, one per person; never printed
 * @param pipelines the folder whose {@code <name>/Jenkinsfile}s are the pipelines; null for none
 * @param libraries shared library folders for the pipelines' {@code @Library}
 * @param store the run history
 * @param clusters the clusters whose releases are shown, each under its own name; when there is
 *     none, {@code clusterProblem} says why
 * @param namespaces the namespaces whose releases are shown, in every cluster
 * @param environment the environment runs started here get
 * @param credentialsFile the credentials file those runs read ({@code credentials('id')}), or null
 *     for none
 */
public record DashboardConfig(
    String host,
    int port,
    String token,
    Path pipelines,
    Map<String, Path> libraries,
    Path store,
    List<DashboardCluster> clusters,
    String clusterProblem,
    List<String> namespaces,
    Duration rolloutTimeout,
    Map<String, String> environment,
    Path credentialsFile,
    Clock clock) {

  public DashboardConfig {
    SignInTokens.parse(token); // refuses a missing or weak token before anything starts
    host = host == null || host.isBlank() ? "127.0.0.1" : host;
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port must be between 0 and 65535, not " + port);
    }
    libraries = Map.copyOf(libraries);
    namespaces =
        namespaces == null || namespaces.isEmpty() ? List.of("default") : List.copyOf(namespaces);
    rolloutTimeout = rolloutTimeout == null ? Duration.ofMinutes(5) : rolloutTimeout;
    environment = Map.copyOf(environment);
    clock = clock == null ? Clock.systemUTC() : clock;
    clusters = clusters == null ? List.of() : List.copyOf(clusters);
    HashSet<String> names = new HashSet<>();
    for (DashboardCluster cluster : clusters) {
      if (!names.add(cluster.name())) {
        throw new IllegalArgumentException(
            "two clusters are named " + cluster.name() + ": give each cluster its own name");
      }
    }
    if (clusters.isEmpty() && (clusterProblem == null || clusterProblem.isBlank())) {
      clusterProblem =
          "no cluster configured: start tagship serve with --cluster NAME=KUBECONFIG,"
              + " --kubeconfig or AKS options";
    }
  }

  @Override
  public String toString() {
    return "DashboardConfig[host="
        + host
        + ", port="
        + port
        + ", token=****, pipelines="
        + pipelines
        + ", store="
        + store
        + ", clusters="
        + clusters.stream().map(DashboardCluster::name).toList()
        + ", namespaces="
        + namespaces
        + "]";
  }
}
