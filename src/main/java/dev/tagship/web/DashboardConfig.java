package dev.tagship.web;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
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
 * @param tlsCertificate the PEM certificate chain to serve HTTPS with, or null for plain HTTP
 * @param tlsKey the PEM private key of {@code tlsCertificate}
 * @param publicUrl the address people open, when a proxy stands in front (TLS ends there if it is
 *     https), or null; the dashboard answers to its host as well as to the bind address
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
    Clock clock,
    Path tlsCertificate,
    Path tlsKey,
    URI publicUrl) {

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
    if ((tlsCertificate == null) != (tlsKey == null)) {
      throw new IllegalArgumentException(
          "--tls-cert and --tls-key go together: give both the certificate chain and its private"
              + " key (PEM files)");
    }
    publicUrl = checkedPublicUrl(publicUrl);
    if (!DashboardAddress.isLoopback(host)
        && tlsCertificate == null
        && (publicUrl == null || !publicUrl.getScheme().equals("https"))) {
      throw new IllegalArgumentException(
          "--bind "
              + host
              + " lets other machines reach the dashboard, and over plain HTTP its sign-in"
              + " token and session cookie would cross the network readable by anyone on the"
              + " way. Serve HTTPS with --tls-cert FILE --tls-key FILE (PEM), or, behind a proxy"
              + " that ends TLS, say the address people open with --public-url https://HOST/;"
              + " or keep the default --bind 127.0.0.1 (this machine only)");
    }
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

  /** True when the session cookie must travel over HTTPS only. */
  public boolean secureCookies() {
    return tlsCertificate != null || (publicUrl != null && publicUrl.getScheme().equals("https"));
  }

  private static URI checkedPublicUrl(URI url) {
    if (url == null) {
      return null;
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")
        || url.getHost() == null
        || url.getRawUserInfo() != null
        || url.getRawQuery() != null
        || url.getRawFragment() != null
        || !(url.getRawPath() == null
            || url.getRawPath().isEmpty()
            || url.getRawPath().equals("/"))) {
      throw new IllegalArgumentException(
          "--public-url must be the address of the dashboard's root as people open it, such as"
              + " https://tagship.example.com/ (scheme, host and port only), not "
              + url);
    }
    return URI.create(scheme + "://" + url.getRawAuthority() + "/");
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
        + ", tls="
        + (tlsCertificate != null)
        + ", publicUrl="
        + publicUrl
        + "]";
  }
}
