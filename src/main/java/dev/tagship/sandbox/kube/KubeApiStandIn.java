package dev.tagship.sandbox.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A Kubernetes API server stand-in that real Helm (client-go, through helm-java), kubectl and the
 * fabric8 client accept: HTTPS on a free port of 127.0.0.1 with a certificate made at start, a
 * bearer token (requests without it get 401), and fabric8's CRUD mock server as the store. A {@link
 * KubeController} plays the controllers and the kubelet, so rollouts succeed or fail the way a test
 * asks.
 *
 * <pre>{@code
 * try (KubeApiStandIn kube = KubeApiStandIn.start()) {
 *   Path kubeconfig = kube.kubeconfig(tmp.resolve("kubeconfig"));
 *   kube.controller().whenImageTagContains("crash", PodBehaviour.CRASH_LOOP);
 *   // helm install/upgrade with kubeconfig, then watch with kube.client()
 * }
 * }</pre>
 */
public final class KubeApiStandIn implements AutoCloseable {

  private final SelfSignedCertificate certificate;
  private final String token;
  private final ApiServerFront front;
  private final KubeController controller;
  private final List<KubernetesClient> clients = new CopyOnWriteArrayList<>();

  private KubeApiStandIn() {
    this.certificate = SelfSignedCertificate.forLoopback();
    byte[] secret = new byte[24];
    new SecureRandom().nextBytes(secret);
    this.token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    this.front = ApiServerFront.start(certificate, token);
    this.controller = new KubeController(client(), front::setPodLog);
  }

  /** Starts the server and its controller, which rolls Deployments out as they change. */
  public static KubeApiStandIn start() {
    KubeApiStandIn fixture = new KubeApiStandIn();
    fixture.controller.start();
    return fixture;
  }

  /** {@code https://127.0.0.1:<port>}. */
  public String url() {
    return "https://127.0.0.1:" + front.port();
  }

  /** The bearer token the server accepts. */
  public String token() {
    return token;
  }

  /** The server's certificate, which is also its CA, as PEM. */
  public String certificateAuthorityPem() {
    return certificate.certificatePem();
  }

  /** Writes a kubeconfig for this server (current context, namespace default) to {@code file}. */
  public Path kubeconfig(Path file) {
    return kubeconfig(file, token);
  }

  /** A kubeconfig that presents {@code bearerToken}: any other than {@link #token()} gets 401. */
  public Path kubeconfig(Path file, String bearerToken) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, kubeconfigContents(bearerToken), StandardCharsets.UTF_8);
      if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
        // Helm and kubectl warn about a kubeconfig others can read.
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The kubeconfig as text, for clients that take it without a file (helm-java's {@code
   * withKubeConfigContents}).
   */
  public String kubeconfigContents() {
    return kubeconfigContents(token);
  }

  /** The kubeconfig as text, presenting {@code bearerToken}. */
  public String kubeconfigContents(String bearerToken) {
    return "apiVersion: v1\n"
        + "kind: Config\n"
        + "clusters:\n"
        + "- name: kube-api-fixture\n"
        + "  cluster:\n"
        + "    server: "
        + url()
        + "\n"
        + "    certificate-authority-data: "
        + certificate.certificateAuthorityData()
        + "\n"
        + "users:\n"
        + "- name: kube-api-fixture-user\n"
        + "  user:\n"
        + "    token: "
        + bearerToken
        + "\n"
        + "contexts:\n"
        + "- name: kube-api-fixture\n"
        + "  context:\n"
        + "    cluster: kube-api-fixture\n"
        + "    user: kube-api-fixture-user\n"
        + "    namespace: default\n"
        + "current-context: kube-api-fixture\n";
  }

  /** The image of the first container of Deployment {@code name}: what a rollout deployed. */
  public String deploymentImage(String namespace, String name) {
    return client()
        .apps()
        .deployments()
        .inNamespace(namespace)
        .withName(name)
        .get()
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getImage();
  }

  /** A fabric8 client for this server, closed with the fixture. */
  public KubernetesClient client() {
    return client(token);
  }

  /** A fabric8 client that presents {@code bearerToken}, closed with the fixture. */
  public KubernetesClient client(String bearerToken) {
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(url())
            .withCaCertData(certificate.certificateAuthorityData())
            .withOauthToken(bearerToken)
            .withNamespace("default")
            .withRequestRetryBackoffLimit(1)
            .build();
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
    clients.add(client);
    return client;
  }

  /** The test-side controller: Deployments to ReplicaSets to Pods, with events. */
  public KubeController controller() {
    return controller;
  }

  /**
   * Every request served so far, one line each: {@code <ms since start> ms METHOD uri [content
   * type] (client) -> status}, the client being the first word of its User-Agent ({@code kubectl},
   * {@code fabric8-kubernetes-client}, Helm's {@code Go-http-client} or {@code helm}).
   */
  public List<String> requests() {
    return front.requestLog();
  }

  /**
   * Waits for a request whose line in {@link #requests()} matches, such as the watch another
   * process opens; returns the line.
   */
  public String awaitRequest(Predicate<String> match, Duration timeout) {
    try {
      return front.awaitRequest(match, timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    controller.close();
    clients.forEach(KubernetesClient::close);
    front.close();
  }
}
