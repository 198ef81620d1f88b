package dev.tagship.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tagship.core.Event;
import dev.tagship.testing.DockerEngineStandIn;
import dev.tagship.testing.RegistryFixture;
import dev.tagship.testing.TestCertificates;
import dev.tagship.testing.TestImages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docker-daemon:IMAGE}: images exported from a Docker Engine stand-in (Unix socket, TCP, TCP
 * with mutual TLS) and pushed to a real registry (docker-registry on 127.0.0.1).
 */
class DockerDaemonSourceTest {

  private static final RegistryAccess PLAIN = new RegistryAccess(true, null, false, null, null);
  private static final Path SYSTEM_TEMP = Path.of(System.getProperty("java.io.tmpdir"));

  @TempDir static Path registryDir;
  static RegistryFixture registry;

  @TempDir Path temp;
  DockerEngineStandIn engine;
  final Map<String, String> env = new HashMap<>();
  final List<Event> events = new CopyOnWriteArrayList<>();
  Set<Path> tempFoldersBefore;

  @BeforeAll
  static void startRegistry() {
    registry = RegistryFixture.start(registryDir, RegistryFixture.Mode.PLAIN);
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @BeforeEach
  void startEngine() {
    tempFoldersBefore = daemonTempFolders();
    engine = DockerEngineStandIn.onUnixSocket(temp);
    env.put("DOCKER_HOST", engine.dockerHost());
  }

  @AfterEach
  void stopEngine() {
    engine.close();
  }

  private PublishResult push(String image, String repository, String... tags) {
    return new ImagePublisher(events::add)
        .publish(
            new PublishRequest(
                ImageSource.parse(image, temp, env),
                registry.host(),
                repository,
                List.of(tags),
                PLAIN,
                null,
                2));
  }

  private String registryDigest(String repository, String tag) {
    return TestImages.skopeoDigest(
        registry.skopeoOptions(), "docker://" + registry.host() + "/" + repository + ":" + tag);
  }

  /** A legacy {@code docker save} tarball (before Docker 25) of a new image. */
  private Path legacyTarball(String name, long seed) {
    Path layout = temp.resolve("layout-" + seed);
    TestImages.ociLayout(layout, "1", seed, 3000, 4000);
    Path tarball = temp.resolve("legacy-" + seed + ".tar");
    TestImages.skopeoCopy(
        List.of(), "oci:" + layout + ":1", "docker-archive:" + tarball + ":" + name);
    return tarball;
  }

  /** The image export folders tagship has made in the system temp folder. */
  private static Set<Path> daemonTempFolders() {
    try (Stream<Path> entries = Files.list(SYSTEM_TEMP)) {
      return entries
          .filter(path -> path.getFileName().toString().startsWith("tagship-daemon-"))
          .collect(Collectors.toSet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void assertNoExportLeftBehind() {
    assertThat(daemonTempFolders()).isEqualTo(tempFoldersBefore);
  }

  @Test
  void legacyDockerSaveImageIsPushedAsItsTarballWouldBe() {
    Path tarball = legacyTarball("shop:1.4.2", 1);
    engine.addImage("shop:1.4.2", tarball);

    PublishResult fromDaemon = push("docker-daemon:shop:1.4.2", "daemon/shop", "1.4.2", "latest");
    PublishResult fromTarball = push("docker-archive:" + tarball, "archive/shop", "1.4.2");

    assertThat(fromDaemon.mediaType()).isEqualTo(DockerArchiveConverter.MANIFEST_V2);
    assertThat(fromDaemon.digest()).isEqualTo(fromTarball.digest());
    assertThat(fromDaemon.tags()).containsExactly("1.4.2", "latest");
    assertThat(registryDigest("daemon/shop", "1.4.2")).isEqualTo(fromDaemon.digest());
    assertThat(registryDigest("daemon/shop", "latest")).isEqualTo(fromDaemon.digest());
    assertThat(engine.requestTargets())
        .containsExactly("/_ping", "/images/shop:1.4.2/json", "/images/shop:1.4.2/get");
    assertThat(events)
        .extracting(Event::message)
        .anyMatch(m -> m.startsWith("Saving shop:1.4.2 (") && m.contains(engine.dockerHost()));
    assertNoExportLeftBehind();
  }

  @Test
  void docker25TarballWithAnOciLayoutInsideIsPushedWithItsOwnDigest() {
    Path tarball = temp.resolve("oci-inside.tar");
    String digest = TestImages.dockerSaveOciTarball(tarball, "shop:2.0.0", 2, 5000, 6000);
    engine.addImage("shop:2.0.0", tarball);

    PublishResult result = push("docker-daemon:shop:2.0.0", "oci/shop", "2.0.0");

    assertThat(result.digest()).isEqualTo(digest);
    assertThat(result.mediaType()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
    assertThat(registryDigest("oci/shop", "2.0.0")).isEqualTo(digest);
    assertNoExportLeftBehind();
  }

  @Test
  void exportGoesToAFileOnlyThisUserCanReadThatIsGoneAfterThePush() {
    engine.addImage("shop:1.0.0", legacyTarball("shop:1.0.0", 3));
    List<String> modesDuringExport = new CopyOnWriteArrayList<>();
    engine.duringExport(() -> modesDuringExport.add(exportFileMode()));

    push("docker-daemon:shop:1.0.0", "private/shop", "1.0.0");

    assertThat(modesDuringExport).containsExactly("rw-------");
    assertNoExportLeftBehind();
  }

  /** The permissions of the export being written, waited for: the client writes as it reads. */
  private String exportFileMode() {
    for (int attempt = 0; attempt < 100; attempt++) {
      for (Path folder : daemonTempFolders()) {
        Path tarball = folder.resolve("image.tar");
        if (!tempFoldersBefore.contains(folder) && Files.exists(tarball)) {
          try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(tarball));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "interrupted";
      }
    }
    return "no export file";
  }

  @Test
  void unknownImageIsAUsageErrorNamingTheImageAndTheDaemon() {
    assertThatThrownBy(() -> push("docker-daemon:nothere:1.0", "x", "1.0.0"))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining(
            "no such image nothere:1.0 in the Docker daemon at " + engine.dockerHost())
        .matches(e -> ((ImageException) e).isUsageError());
    assertThat(engine.requestTargets()).noneMatch(target -> target.endsWith("/get"));
    assertNoExportLeftBehind();
  }

  @Test
  void noDaemonAtDockerHostSaysWhereItLookedAndWhatToDoInstead() {
    String missing = "unix://" + temp.resolve("missing/docker.sock");
    env.put("DOCKER_HOST", missing);

    assertThatThrownBy(() -> push("docker-daemon:shop:1.0", "x", "1.0.0"))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("no Docker daemon answers at " + missing)
        .hasMessageContaining("`docker save -o image.tar shop:1.0`")
        .hasMessageContaining("docker-archive:image.tar");
    assertNoExportLeftBehind();
  }

  @Test
  void noDaemonOnATcpPortSaysWhereItLooked() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    env.put("DOCKER_HOST", "tcp://127.0.0.1:" + closedPort);

    assertThatThrownBy(() -> push("docker-daemon:shop:1.0", "x", "1.0.0"))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("no Docker daemon answers at tcp://127.0.0.1:" + closedPort)
        .hasMessageContaining("docker save");
  }

  @Test
  void exportThatBreaksOffFailsAndLeavesNoTarballBehind() {
    engine.addImage("shop:1.0.0", legacyTarball("shop:1.0.0", 4));
    engine.breakExportsAfter(20_000);

    assertThatThrownBy(() -> push("docker-daemon:shop:1.0.0", "broken/shop", "1.0.0"))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("the export of shop:1.0.0 from the Docker daemon at")
        .hasMessageContaining("broke off after 20.0 kB");
    assertNoExportLeftBehind();
  }

  @Test
  void daemonErrorsAreReportedWithTheDaemonsOwnMessage() {
    engine.addImage("shop:1.0.0", legacyTarball("shop:1.0.0", 5));
    engine.failExports("write /var/lib/docker/tmp/docker-export-1: no space left on device");

    assertThatThrownBy(() -> push("docker-daemon:shop:1.0.0", "full/shop", "1.0.0"))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("cannot save shop:1.0.0 from the Docker daemon at")
        .hasMessageContaining(
            ": write /var/lib/docker/tmp/docker-export-1: no space left on device");
    assertNoExportLeftBehind();
  }

  @Test
  void registryHostPortAndDigestReferencesAreSentAsDockerSendsThem() {
    Path tarball = legacyTarball("registry:5000/team/shop:1.4.2", 6);
    engine.addImage("registry:5000/team/shop:1.4.2", tarball);
    String digest = "sha256:" + "ab".repeat(32);
    engine.addImage("shop@" + digest, tarball);

    push("docker-daemon:registry:5000/team/shop:1.4.2", "hosted/shop", "1.4.2");
    push("docker-daemon:shop@" + digest, "pinned/shop", "1.4.2");

    assertThat(engine.requestTargets())
        .contains(
            "/images/registry:5000/team/shop:1.4.2/json",
            "/images/registry:5000/team/shop:1.4.2/get",
            "/images/shop@" + digest + "/json",
            "/images/shop@" + digest + "/get");
  }

  @Test
  void charactersAPathCannotHoldArePercentEncodedAndTheDaemonsRefusalReported() {
    assertThatThrownBy(() -> push("docker-daemon:shop?x=1#2%", "x", "1.0.0"))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("'shop?x=1#2%' is not an image name")
        .hasMessageContaining("invalid reference format")
        .matches(e -> ((ImageException) e).isUsageError());
    assertThat(engine.requestTargets()).contains("/images/shop%3Fx=1%232%25/json");
  }

  @Test
  void namesThatWouldLeaveTheImagesPathAreRefusedBeforeAnyRequest() {
    assertThatThrownBy(() -> push("docker-daemon:../containers/json", "x", "1.0.0"))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("does not name an image")
        .matches(e -> ((ImageException) e).isUsageError());
    assertThat(engine.requestTargets()).isEmpty();
  }

  @Test
  void daemonOnTcpIsReachedOverPlainHttp() {
    try (DockerEngineStandIn tcp = DockerEngineStandIn.onTcp()) {
      tcp.addImage("shop:3.0.0", legacyTarball("shop:3.0.0", 7));
      env.put("DOCKER_HOST", tcp.dockerHost());

      PublishResult result = push("docker-daemon:shop:3.0.0", "tcp/shop", "3.0.0");

      assertThat(registryDigest("tcp/shop", "3.0.0")).isEqualTo(result.digest());
      assertThat(tcp.requestTargets()).contains("/images/shop:3.0.0/get");
    }
  }

  @Test
  void daemonWithTlsIsReachedWithTheClientCertificateFromDockerCertPath() {
    TestCertificates certificates = TestCertificates.create(temp.resolve("ca"));
    Path certPath = certificates.dockerCertPath(temp.resolve("docker-certs"));
    try (DockerEngineStandIn tls = DockerEngineStandIn.onTls(certificates)) {
      tls.addImage("shop:4.0.0", legacyTarball("shop:4.0.0", 8));
      env.put("DOCKER_HOST", tls.dockerHost());

      assertThatThrownBy(() -> push("docker-daemon:shop:4.0.0", "tls/shop", "4.0.0"))
          .hasMessageContaining("Client sent an HTTP request to an HTTPS server")
          .hasMessageContaining("set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH");

      verifyTlsWith(certPath);
      PublishResult result = push("docker-daemon:shop:4.0.0", "tls/shop", "4.0.0");

      assertThat(registryDigest("tls/shop", "4.0.0")).isEqualTo(result.digest());
      assertThat(tls.requestTargets()).contains("/images/shop:4.0.0/get");
    }
  }

  /** The environment of a docker CLI with {@code --tlsverify} and these certificates. */
  private void verifyTlsWith(Path certPath) {
    env.put("DOCKER_TLS_VERIFY", "1");
    env.put("DOCKER_CERT_PATH", certPath.toString());
  }

  @Test
  void tlsWithCertificatesOfAnotherAuthoritySaysWhichFilesToCheck() {
    TestCertificates daemonCa = TestCertificates.create(temp.resolve("daemon-ca"));
    TestCertificates otherCa = TestCertificates.create(temp.resolve("other-ca"));
    Path certPath = otherCa.dockerCertPath(temp.resolve("other-certs"));
    try (DockerEngineStandIn tls = DockerEngineStandIn.onTls(daemonCa)) {
      env.put("DOCKER_HOST", tls.dockerHost());
      verifyTlsWith(certPath);

      assertThatThrownBy(() -> push("docker-daemon:shop:4.0.0", "tls/shop", "4.0.0"))
          .isInstanceOf(ImageException.class)
          .hasMessageContaining("TLS with the Docker daemon at " + tls.dockerHost() + " failed")
          .hasMessageContaining(certPath + " must hold the daemon's CA (ca.pem)");
      assertThat(tls.requestTargets()).isEmpty();
    }
  }

  @Test
  void unsupportedDockerHostIsAUsageErrorWithAWayOut() {
    env.put("DOCKER_HOST", "ssh://builder@build-host");

    assertThatThrownBy(() -> ImageSource.parse("docker-daemon:shop:1.0", temp, env))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("DOCKER_HOST=ssh://builder@build-host is not supported")
        .hasMessageContaining("docker save -o image.tar")
        .matches(e -> ((ImageException) e).isUsageError());
  }
}
