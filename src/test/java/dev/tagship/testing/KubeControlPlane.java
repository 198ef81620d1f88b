package dev.tagship.testing;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A real Kubernetes control plane for a test, on 127.0.0.1: etcd, kube-apiserver,
 * kube-controller-manager and kube-scheduler built from the Go module proxy by {@code
 * test/kube/build.sh}, and kwok standing in for the kubelet of one fake node ({@link #NODE}), whose
 * stages ({@code src/test/resources/kube/kwok-stages.yaml}) make pods Ready, complete a Job's pods
 * and show a pod with an image tagged {@code crash} in CrashLoopBackOff.
 *
 * <p>The administrator authenticates with a random bearer token from a static token file (group
 * system:masters); {@link #kubeconfig()} holds it, so that file and the token file are 0600 and
 * live in the test's own folder.
 */
public final class KubeControlPlane implements AutoCloseable {

  public static final String NODE = "kwok-node-0";
  private static final Duration READY_WITHIN = Duration.ofSeconds(120);

  private final Path dir;
  private final Map<String, Process> processes = new LinkedHashMap<>();
  private final Map<String, Duration> readyAfter = new LinkedHashMap<>();
  private final Thread stopOnExit = new Thread(this::stopProcesses, "stop test control plane");
  private Path kubeconfig;

  private KubeControlPlane(Path dir) {
    this.dir = dir;
  }

  /**
   * Starts everything from the binaries {@code test/kube/build.sh} built, returns once the node is
   * Ready; fails naming build.sh when they are missing.
   */
  public static KubeControlPlane start(Path dir) {
    Path bin;
    try {
      bin = binaries(System.getenv());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    KubeControlPlane plane = new KubeControlPlane(dir);
    // a test JVM that exits without close() (a surefire timeout, Ctrl-C) still stops them
    Runtime.getRuntime().addShutdownHook(plane.stopOnExit);
    try {
      plane.startAll(bin);
      return plane;
    } catch (IOException | RuntimeException e) {
      plane.close();
      throw new IllegalStateException(
          "the test control plane did not start: " + e.getMessage() + plane.logTails(), e);
    }
  }

  /** A kubeconfig with the administrator's token; the file is 0600. */
  public Path kubeconfig() {
    return kubeconfig;
  }

  public KubernetesClient client() {
    try {
      Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
      return new KubernetesClientBuilder().withConfig(config).build();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** How long after the start each part was ready, in start order. */
  public Map<String, Duration> readyAfter() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(readyAfter));
  }

  /** Each process's resident memory now, in KiB, from /proc. */
  public Map<String, Long> residentKibibytes() {
    Map<String, Long> rss = new LinkedHashMap<>();
    processes.forEach(
        (name, process) -> {
          try {
            for (String line : Files.readAllLines(Path.of("/proc", "" + process.pid(), "status"))) {
              if (line.startsWith("VmRSS:")) {
                rss.put(name, Long.parseLong(line.replaceAll("[^0-9]", "")));
              }
            }
          } catch (IOException gone) {
            rss.put(name, -1L);
          }
        });
    return rss;
  }

  /**
   * The folder {@code test/kube/build.sh} builds into: {@code TAGSHIP_KUBE_BIN}, else the cache
   * folder named after {@code test/kube/versions}. A missing binary fails the test rather than
   * building it (a cold build takes about 15 minutes) or skipping it (that would hide the gap).
   */
  static Path binaries(Map<String, String> environment) throws IOException {
    Path bin =
        environment.containsKey("TAGSHIP_KUBE_BIN")
            ? Path.of(environment.get("TAGSHIP_KUBE_BIN"))
            : cacheFolder(
                Path.of(environment.getOrDefault("HOME", System.getProperty("user.home"))));
    List<String> missing =
        PROGRAMS.stream().filter(name -> !Files.isExecutable(bin.resolve(name))).toList();
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "the test control plane is not built: "
              + String.join(", ", missing)
              + " missing in "
              + bin
              + ". Run test/kube/build.sh once (Go 1.26 and the Go module proxy; about 15 min on"
              + " two cores, then cached there), then run the tests again");
    }
    return bin;
  }

  private static final List<String> PROGRAMS =
      List.of("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kwok");

  private static Path cacheFolder(Path home) throws IOException {
    Map<String, String> versions = new LinkedHashMap<>();
    for (String line : Files.readAllLines(Path.of("test", "kube", "versions"))) {
      int equals = line.indexOf('=');
      if (!line.startsWith("#") && equals > 0) {
        versions.put(line.substring(0, equals).strip(), line.substring(equals + 1).strip());
      }
    }
    return home.resolve(".cache/tagship/kube")
        .resolve(
            versions.get("KUBE_VERSION")
                + "-etcd"
                + versions.get("ETCD_VERSION")
                + "-kwok"
                + versions.get("KWOK_VERSION"));
  }

  private void startAll(Path bin) throws IOException {
    Instant start = Instant.now();
    Files.createDirectories(dir.resolve("logs"));
    TestCertificates certificates = TestCertificates.create(dir.resolve("certs"));
    Path serviceAccountKey = dir.resolve("certs/service-account.key");
    Path serviceAccountPublicKey = dir.resolve("certs/service-account.pub");
    run("openssl", "genpkey", "-algorithm", "RSA", "-out", serviceAccountKey.toString());
    run(
        "openssl",
        "pkey",
        "-in",
        serviceAccountKey.toString(),
        "-pubout",
        "-out",
        serviceAccountPublicKey.toString());
    String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(24));
    Path tokens = secretFile("tokens.csv", token + ",tagship-admin,tagship-admin,system:masters\n");

    int etcdPort = freePort();
    int etcdPeerPort = freePort();
    String etcdUrl = "http://127.0.0.1:" + etcdPort;
    String peerUrl = "http://127.0.0.1:" + etcdPeerPort;
    launch(
        "etcd",
        bin.resolve("etcd").toString(),
        "--name=default",
        "--data-dir=" + dir.resolve("etcd"),
        "--listen-client-urls=" + etcdUrl,
        "--advertise-client-urls=" + etcdUrl,
        "--listen-peer-urls=" + peerUrl,
        "--initial-advertise-peer-urls=" + peerUrl,
        "--initial-cluster=default=" + peerUrl,
        // test data need not survive a power cut; fsync would make every write wait for the disk
        "--unsafe-no-fsync=true",
        "--log-level=warn");
    HttpClient http = HttpClient.newBuilder().sslContext(certificates.trustingContext()).build();
    awaitTrue("etcd", () -> answers(http, URI.create(etcdUrl + "/health"), null, "\"true\""));
    readyAfter.put("etcd", Duration.between(start, Instant.now()));

    int apiPort = freePort();
    String server = "https://127.0.0.1:" + apiPort;
    launch(
        "kube-apiserver",
        bin.resolve("kube-apiserver").toString(),
        "--etcd-servers=" + etcdUrl,
        "--bind-address=127.0.0.1",
        "--advertise-address=127.0.0.1",
        // the endpoint reconcilers refuse a loopback address; no pod here dials the API anyway
        "--endpoint-reconciler-type=none",
        "--secure-port=" + apiPort,
        "--tls-cert-file=" + certificates.serverCertificate(),
        "--tls-private-key-file=" + certificates.serverKey(),
        "--client-ca-file=" + certificates.caCertificate(),
        "--token-auth-file=" + tokens,
        "--authorization-mode=Node,RBAC",
        "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
        "--service-account-key-file=" + serviceAccountPublicKey,
        "--service-account-signing-key-file=" + serviceAccountKey,
        "--service-cluster-ip-range=10.96.0.0/16",
        "--allow-privileged=true",
        "--profiling=false");
    URI readyz = URI.create(server + "/readyz");
    awaitTrue("kube-apiserver", () -> answers(http, readyz, token, "ok"));
    readyAfter.put("kube-apiserver", Duration.between(start, Instant.now()));

    kubeconfig = secretFile("kubeconfig", kubeconfigText(server, certificates, token));
    launch(
        "kube-controller-manager",
        bin.resolve("kube-controller-manager").toString(),
        "--kubeconfig=" + kubeconfig,
        "--leader-elect=false",
        "--secure-port=0",
        "--service-account-private-key-file=" + serviceAccountKey,
        "--root-ca-file=" + certificates.caCertificate(),
        "--controllers=*");
    launch(
        "kube-scheduler",
        bin.resolve("kube-scheduler").toString(),
        "--kubeconfig=" + kubeconfig,
        "--leader-elect=false",
        "--secure-port=0");
    Path stages = dir.resolve("kwok-stages.yaml");
    try (InputStream in = KubeControlPlane.class.getResourceAsStream("/kube/kwok-stages.yaml")) {
      Files.write(stages, in.readAllBytes());
    }
    launch(
        "kwok",
        // kwok also reads KWOK_WORKDIR/kwok.yaml (~/.kwok by default): keep a developer's out
        Map.of("KWOK_WORKDIR", dir.resolve("kwok").toString()),
        bin.resolve("kwok").toString(),
        "--kubeconfig=" + kubeconfig,
        "--config=" + stages,
        // renew the node's Lease as a kubelet does: without one, the node lifecycle controller
        // marks the node NotReady after its grace period (50 s) and every pod on it not Ready
        "--node-lease-duration-seconds=40",
        "--manage-all-nodes=false",
        "--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake");

    try (KubernetesClient client = client()) {
      client.nodes().resource(fakeNode()).create();
      awaitTrue("node " + NODE + " Ready", () -> nodeReady(client));
      readyAfter.put("node", Duration.between(start, Instant.now()));
      // Pods need the namespace's default ServiceAccount, which the controller manager makes.
      awaitTrue(
          "ServiceAccount default/default",
          () -> client.serviceAccounts().inNamespace("default").withName("default").get() != null);
      readyAfter.put("default ServiceAccount", Duration.between(start, Instant.now()));
    }
  }

  private static Node fakeNode() {
    return new NodeBuilder()
        .withNewMetadata()
        .withName(NODE)
        .addToAnnotations("kwok.x-k8s.io/node", "fake")
        .addToAnnotations("node.alpha.kubernetes.io/ttl", "0")
        .addToLabels("type", "kwok")
        .addToLabels("kubernetes.io/hostname", NODE)
        .addToLabels("kubernetes.io/os", "linux")
        .addToLabels("kubernetes.io/arch", "amd64")
        .endMetadata()
        .build();
  }

  private static boolean nodeReady(KubernetesClient client) {
    Node node = client.nodes().withName(NODE).get();
    return node != null
        && node.getStatus() != null
        && node.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static String kubeconfigText(String server, TestCertificates certificates, String token) {
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: tagship-test
          cluster:
            server: %s
            certificate-authority: %s
        users:
        - name: tagship-admin
          user:
            token: %s
        contexts:
        - name: tagship-test
          context:
            cluster: tagship-test
            user: tagship-admin
        current-context: tagship-test
        """
        .formatted(server, certificates.caCertificate(), token);
  }

  private Path secretFile(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.deleteIfExists(file);
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, content);
    return file;
  }

  private void launch(String name, String... command) throws IOException {
    launch(name, Map.of(), command);
  }

  private void launch(String name, Map<String, String> environment, String... command)
      throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("logs").resolve(name + ".log").toFile());
    builder.environment().putAll(environment);
    processes.put(name, builder.start());
  }

  private void awaitTrue(String what, BooleanSupplier condition) {
    Instant deadline = Instant.now().plus(READY_WITHIN);
    while (Instant.now().isBefore(deadline)) {
      processes.forEach(
          (name, process) -> {
            if (!process.isAlive()) {
              throw new IllegalStateException(name + " exited with " + process.exitValue());
            }
          });
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (RuntimeException notYet) {
        // still starting: refused connections and 5xx answers are expected here
      }
      sleep(200);
    }
    throw new IllegalStateException(what + " not ready within " + READY_WITHIN.toSeconds() + " s");
  }

  private static boolean answers(HttpClient http, URI uri, String token, String expected) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 && response.body().contains(expected);
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void run(String... command) throws IOException {
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("logs").resolve(command[0] + ".log").toFile())
            .start();
    awaitExit(process, Duration.ofSeconds(60), String.join(" ", command));
  }

  private static void awaitExit(Process process, Duration limit, String what) {
    try {
      if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            what + " did not finish within " + limit.toMinutes() + " min");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(what + " exited with " + process.exitValue());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private String logTails() {
    StringBuilder tails = new StringBuilder();
    for (String name : processes.keySet()) {
      Path log = dir.resolve("logs").resolve(name + ".log");
      try {
        List<String> lines = Files.readAllLines(log);
        tails.append("\n--- last lines of ").append(name).append(".log\n");
        lines
            .subList(Math.max(0, lines.size() - 15), lines.size())
            .forEach(line -> tails.append(line).append('\n'));
      } catch (IOException unreadable) {
        tails.append("\n--- no log for ").append(name);
      }
    }
    return tails.toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Stops every process by its PID, last started first, so nothing writes to a stopped store. */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(stopOnExit);
    } catch (IllegalStateException alreadyExiting) {
      // the hook is running or has run
    }
    stopProcesses();
  }

  private void stopProcesses() {
    List<String> names = new ArrayList<>(processes.keySet());
    for (int i = names.size() - 1; i >= 0; i--) {
      Process process = processes.get(names.get(i));
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }
}
