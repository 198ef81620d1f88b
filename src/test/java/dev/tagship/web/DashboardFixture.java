package dev.tagship.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tagship.deploy.ClusterAccess;
import dev.tagship.deploy.DeployResult;
import dev.tagship.deploy.ReleaseDeployer;
import dev.tagship.sandbox.kube.KubeApiStandIn;
import dev.tagship.testing.TestDeploys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A running dashboard on 127.0.0.1 with its own run history and pipelines folder, and an HTTP
 * client to talk to it as a script (bearer token) or a browser (session cookie and CSRF token).
 */
final class DashboardFixture implements AutoCloseable {

  static final String TOKEN = "a-test-token-that-is-long-enough-0123";
  static final ObjectMapper JSON = new ObjectMapper();

  final Path pipelines;
  final Dashboard dashboard;

  /** A sign-in secret in the environment runs are given: tagship's steps get it, runs never. */
  static final String REGISTRY_PASSWORD = "fixture-registry-pass-5d1c8e07b2a94f36";

  /** The token {@link #get} and {@link #post} send. */
  String bearerToken = TOKEN;

  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  private DashboardFixture(Path pipelines, Dashboard dashboard) {
    this.pipelines = pipelines;
    this.dashboard = dashboard;
  }

  /** A dashboard showing one cluster, named {@code default}, as the single-cluster options make. */
  static DashboardFixture start(Path root, ClusterAccess cluster, List<String> namespaces)
      throws Exception {
    return start(root, List.of(new DashboardCluster("default", cluster)), namespaces);
  }

  static DashboardFixture start(Path root, List<DashboardCluster> clusters, List<String> namespaces)
      throws Exception {
    return start(root, TOKEN, clusters, namespaces);
  }

  /** A dashboard opened by {@code tokens}: one token, or {@code NAME:TOKEN} lines. */
  static DashboardFixture start(
      Path root, String tokens, List<DashboardCluster> clusters, List<String> namespaces)
      throws Exception {
    return start(root, tokens, clusters, namespaces, null, null, null);
  }

  /**
   * A dashboard without clusters on 127.0.0.1 serving HTTPS with {@code tlsCertificate} and {@code
   * tlsKey} (or plain HTTP when null), behind {@code publicUrl} when not null.
   */
  static DashboardFixture startExposed(
      Path root, Path tlsCertificate, Path tlsKey, java.net.URI publicUrl) throws Exception {
    return start(root, TOKEN, List.of(), List.of(), tlsCertificate, tlsKey, publicUrl);
  }

  private static DashboardFixture start(
      Path root,
      String tokens,
      List<DashboardCluster> clusters,
      List<String> namespaces,
      Path tlsCertificate,
      Path tlsKey,
      java.net.URI publicUrl)
      throws Exception {
    Path pipelines = Files.createDirectories(root.resolve("pipelines"));
    Dashboard dashboard =
        Dashboard.start(
            new DashboardConfig(
                "127.0.0.1",
                0,
                tokens,
                pipelines,
                Map.of(),
                root.resolve("runs.db"),
                clusters,
                null,
                namespaces,
                Duration.ofSeconds(60),
                Map.of(
                    "PATH",
                    System.getenv("PATH"),
                    "HOME",
                    System.getProperty("user.home"),
                    "TAGSHIP_REGISTRY_PASSWORD",
                    REGISTRY_PASSWORD),
                null,
                Clock.systemUTC(),
                tlsCertificate,
                tlsKey,
                publicUrl));
    return new DashboardFixture(pipelines, dashboard);
  }

  /**
   * Deploys {@code chart} as release {@code shop} in {@code namespace}, once per tag in order, with
   * the same code {@code tagship deploy} runs; fails the test unless every rollout is verified.
   */
  static void deployShop(ClusterAccess cluster, Path chart, String namespace, String... tags) {
    ReleaseDeployer deployer = new ReleaseDeployer(event -> {});
    for (String tag : tags) {
      DeployResult result =
          deployer.deploy(
              TestDeploys.request("shop", chart, namespace, tag, Duration.ofSeconds(60), cluster));
      if (!result.verification().succeeded()) {
        throw new AssertionError("shop " + tag + " did not roll out: " + result.verification());
      }
    }
  }

  /**
   * A cluster nothing answers for: {@code template}'s kubeconfig, pointed at a port of 127.0.0.1
   * that was free a moment ago, so connections to it are refused.
   */
  static ClusterAccess closedPortCluster(KubeApiStandIn template) {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return new ClusterAccess(
          template
              .kubeconfigContents()
              .replace(template.url(), "https://127.0.0.1:" + socket.getLocalPort()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Adds pipeline {@code name} with this Jenkinsfile. */
  void pipeline(String name, String jenkinsfile) {
    try {
      Path folder = Files.createDirectories(pipelines.resolve(name));
      Files.writeString(folder.resolve("Jenkinsfile"), jenkinsfile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + dashboard.port() + path);
  }

  /** The Origin a page of this dashboard sends. */
  String origin() {
    return "http://127.0.0.1:" + dashboard.port();
  }

  HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(120));
  }

  HttpRequest.Builder bearer(String path) {
    return request(path).header("Authorization", "Bearer " + bearerToken);
  }

  HttpResponse<String> get(String path) {
    return send(bearer(path).GET());
  }

  HttpResponse<String> post(String path, Object body) {
    return send(
        bearer(path)
            .header("Content-Type", "application/json")
            .header("X-Tagship-User", "ci-bot")
            .POST(HttpRequest.BodyPublishers.ofString(json(body))));
  }

  HttpResponse<String> signIn(String token, String name) {
    return send(
        request("/login")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "token="
                        + URLEncoder.encode(token, StandardCharsets.UTF_8)
                        + "&name="
                        + URLEncoder.encode(name, StandardCharsets.UTF_8))));
  }

  static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Polls run {@code id} until {@code done} holds of its JSON, or fails after a minute. */
  JsonNode awaitRun(long id, Predicate<JsonNode> done) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(60);
    JsonNode run = null;
    while (Instant.now().isBefore(deadline)) {
      run = json(get("/api/runs/" + id));
      if (done.test(run)) {
        return run;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("run " + id + " did not get there within a minute: " + run);
  }

  @Override
  public void close() {
    dashboard.close();
  }
}
