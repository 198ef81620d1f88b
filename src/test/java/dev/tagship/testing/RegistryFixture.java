package dev.tagship.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;

/**
 * A real OCI registry for a test: Debian's {@code docker-registry} (CNCF distribution) started on
 * 127.0.0.1 with a free port and its own storage folder, plain HTTP, with htpasswd basic
 * authentication, or with TLS from a test certificate authority.
 */
public final class RegistryFixture implements AutoCloseable {

  /** How the registry is reached. */
  public enum Mode {
    PLAIN,
    BASIC_AUTH,
    TLS
  }

  public static final String USERNAME = "pusher";
  public static final String PASSWORD = "registry-pass-42";

  private final Process process;
  private final int port;
  private final Mode mode;
  private final TestCertificates certificates;
  private final Path log;

  private RegistryFixture(
      Process process, int port, Mode mode, TestCertificates certificates, Path log) {
    this.process = process;
    this.port = port;
    this.mode = mode;
    this.certificates = certificates;
    this.log = log;
  }

  public static RegistryFixture start(Path dir, Mode mode) {
    return start(dir, mode, null);
  }

  /**
   * A plain-HTTP registry that wants bearer tokens from {@code realm}, signed by {@code
   * certificates}' token signer for {@code service}, as ACR's registry does.
   */
  public static RegistryFixture startWithTokenAuth(
      Path dir, String realm, String service, String issuer, TestCertificates certificates) {
    String auth =
        "auth:\n  token:\n    realm: "
            + realm
            + "\n    service: \""
            + service
            + "\"\n"
            + "    issuer: "
            + issuer
            + "\n    rootcertbundle: "
            + certificates.caCertificate()
            + "\n";
    return start(dir, Mode.PLAIN, auth);
  }

  /**
   * A registry that answers blob reads with a redirect to {@code storageBaseUrl} + the blob's path
   * in its storage folder (distribution's redirect middleware), as ACR sends them to Azure Storage.
   */
  public static RegistryFixture startRedirectingBlobReads(
      Path dir, Mode mode, String storageBaseUrl) {
    String middleware =
        "middleware:\n  storage:\n    - name: redirect\n      options:\n        baseurl: "
            + storageBaseUrl
            + "\n";
    return start(dir, mode, middleware);
  }

  private static RegistryFixture start(Path dir, Mode mode, String authConfig) {
    try {
      Files.createDirectories(dir);
      int port = freePort();
      StringBuilder config = new StringBuilder();
      config.append("version: 0.1\n");
      config.append("log:\n  level: warn\n  accesslog:\n    disabled: true\n");
      config.append("storage:\n  filesystem:\n    rootdirectory: ").append(dir.resolve("data"));
      config.append("\n  delete:\n    enabled: true\n");
      config.append("http:\n  addr: 127.0.0.1:").append(port).append('\n');
      // Relative upload locations, so a proxy in front (FaultyProxy) stays in the path.
      config.append("  relativeurls: true\n");
      TestCertificates certificates = null;
      if (mode == Mode.TLS) {
        certificates = TestCertificates.create(dir.resolve("certs"));
        config.append("  tls:\n    certificate: ").append(certificates.serverCertificate());
        config.append("\n    key: ").append(certificates.serverKey()).append('\n');
      }
      if (mode == Mode.BASIC_AUTH) {
        Path htpasswd = dir.resolve("htpasswd");
        writeHtpasswd(htpasswd);
        config.append("auth:\n  htpasswd:\n    realm: test-realm\n    path: ").append(htpasswd);
        config.append('\n');
      }
      if (authConfig != null) {
        config.append(authConfig);
      }
      Path configFile = dir.resolve("config.yml");
      Files.writeString(configFile, config.toString());
      Path log = dir.resolve("registry.log");
      Process process =
          new ProcessBuilder("docker-registry", "serve", configFile.toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      RegistryFixture fixture = new RegistryFixture(process, port, mode, certificates, log);
      fixture.awaitReady();
      return fixture;
    } catch (IOException e) {
      throw new IllegalStateException("could not start docker-registry: " + e.getMessage(), e);
    }
  }

  /** {@code 127.0.0.1:PORT}, the registry part of image references. */
  public String host() {
    return "127.0.0.1:" + port;
  }

  public Mode mode() {
    return mode;
  }

  /** The CA that signed the registry's certificate (TLS mode only). */
  public Path caFile() {
    if (certificates == null) {
      throw new IllegalStateException("only a TLS registry has a CA file");
    }
    return certificates.caCertificate();
  }

  /** {@code --tls-verify=false}-free skopeo options that reach this registry. */
  public List<String> skopeoOptions() {
    return switch (mode) {
      case PLAIN -> List.of("--tls-verify=false");
      case BASIC_AUTH -> List.of("--tls-verify=false", "--creds", USERNAME + ":" + PASSWORD);
      case TLS -> List.of("--cert-dir", certificates.trustDirectory().toString());
    };
  }

  private void awaitReady() throws IOException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "docker-registry exited: " + Files.readString(log, StandardCharsets.UTF_8));
      }
      try {
        int status = status("/v2/");
        if (status == 200 || status == 401) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      sleep(50);
    }
    throw new IllegalStateException("docker-registry did not answer within 20 s");
  }

  private int status(String path) throws IOException {
    String scheme = mode == Mode.TLS ? "https" : "http";
    HttpURLConnection connection =
        (HttpURLConnection) URI.create(scheme + "://" + host() + path).toURL().openConnection();
    if (connection instanceof HttpsURLConnection https) {
      SSLContext context = certificates.trustingContext();
      https.setSSLSocketFactory(context.getSocketFactory());
    }
    connection.setConnectTimeout(1000);
    connection.setReadTimeout(2000);
    try {
      return connection.getResponseCode();
    } finally {
      connection.disconnect();
    }
  }

  private static void writeHtpasswd(Path file) throws IOException {
    Process htpasswd = new ProcessBuilder("htpasswd", "-iBn", USERNAME).start();
    try (OutputStream stdin = htpasswd.getOutputStream()) {
      stdin.write(PASSWORD.getBytes(StandardCharsets.UTF_8));
    }
    byte[] line = htpasswd.getInputStream().readAllBytes();
    try {
      if (!htpasswd.waitFor(20, TimeUnit.SECONDS) || htpasswd.exitValue() != 0) {
        throw new IllegalStateException("htpasswd failed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    Files.write(file, line);
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

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
