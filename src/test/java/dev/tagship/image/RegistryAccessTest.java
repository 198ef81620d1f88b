package dev.tagship.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tagship.testing.BlobStorageStandIn;
import dev.tagship.testing.RegistryFixture;
import dev.tagship.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signing in and trusting TLS, against real registries that demand it. */
class RegistryAccessTest {

  @TempDir Path temp;

  private PublishResult publish(RegistryFixture registry, RegistryAccess access) {
    Path layout = temp.resolve("layout-" + System.nanoTime());
    TestImages.ociLayout(layout, "1.0.0", 5, 1500);
    return new ImagePublisher(e -> {}, 10)
        .publish(
            new PublishRequest(
                new ImageSource.OciLayout(layout, null),
                registry.host(),
                "secured",
                List.of("1.0.0", "latest"),
                access,
                null,
                2));
  }

  @Test
  void basicAuthRegistryAcceptsTheRightCredentials() {
    try (RegistryFixture registry =
        RegistryFixture.start(temp.resolve("reg"), RegistryFixture.Mode.BASIC_AUTH)) {
      RegistryAccess access = signedInOverPlainHttp();

      PublishResult result = publish(registry, access);

      assertThat(
              TestImages.skopeoDigest(
                  registry.skopeoOptions(), "docker://" + registry.host() + "/secured:latest"))
          .isEqualTo(result.digest());
    }
  }

  @Test
  void missingOrWrongCredentialsFailAtOnceSayingWhereToGiveThem() {
    try (RegistryFixture registry =
        RegistryFixture.start(temp.resolve("reg"), RegistryFixture.Mode.BASIC_AUTH)) {
      RegistryAccess anonymous = new RegistryAccess(true, null, false, null, null);
      RegistryAccess wrong =
          anonymous.withCredentials(new RegistryCredentials(RegistryFixture.USERNAME, "nope-nope"));

      assertThatThrownBy(() -> publish(registry, anonymous))
          .isInstanceOf(ImageException.class)
          .hasMessageContaining("401 Unauthorized")
          .hasMessageContaining("TAGSHIP_REGISTRY_USERNAME");
      assertThatThrownBy(() -> publish(registry, wrong))
          .hasMessageContaining("401 Unauthorized")
          .hasMessageNotContaining("nope-nope");
    }
  }

  @Test
  void dockerConfigAuthsAreUsed() throws Exception {
    try (RegistryFixture registry =
        RegistryFixture.start(temp.resolve("reg"), RegistryFixture.Mode.BASIC_AUTH)) {
      Path config = temp.resolve("docker/config.json");
      Files.createDirectories(config.getParent());
      String auth =
          Base64.getEncoder()
              .encodeToString(
                  (RegistryFixture.USERNAME + ":" + RegistryFixture.PASSWORD).getBytes());
      Files.writeString(
          config, "{\"auths\":{\"" + registry.host() + "\":{\"auth\":\"" + auth + "\"}}}");

      PublishResult result = publish(registry, new RegistryAccess(true, null, false, null, config));

      assertThat(result.blobsUploaded()).isEqualTo(2);
    }
  }

  @Test
  void blobReadsRedirectedToStorageCarryNoRegistryCredentials() {
    Path source = temp.resolve("source");
    try (BlobStorageStandIn storage = BlobStorageStandIn.serve(source.resolve("data"));
        RegistryFixture from =
            RegistryFixture.startRedirectingBlobReads(
                source, RegistryFixture.Mode.BASIC_AUTH, storage.baseUrl());
        RegistryFixture to =
            RegistryFixture.start(temp.resolve("target"), RegistryFixture.Mode.PLAIN)) {
      RegistryAccess signedIn = signedInOverPlainHttp();
      PublishResult pushed = publish(from, signedIn);

      PublishResult promoted =
          new ImagePublisher(e -> {}, 10)
              .publish(
                  new PublishRequest(
                      new ImageSource.RegistryImage(
                          ImageReference.parse(from.host() + "/secured:1.0.0")),
                      to.host(),
                      "promoted",
                      List.of("1.0.0"),
                      new RegistryAccess(true, null, false, null, null),
                      signedIn,
                      2));

      assertThat(promoted.digest()).isEqualTo(pushed.digest());
      assertThat(promoted.blobsUploaded()).isEqualTo(2);
      assertThat(storage.requests())
          .filteredOn(request -> request.startsWith("GET "))
          .hasSize(2)
          .allMatch(request -> request.endsWith(" 200"));
      assertThat(storage.requests()).noneMatch(request -> request.endsWith(" 400"));
    }
  }

  @Test
  void privateCaIsTrustedThroughCaFileWithVerificationOn() {
    try (RegistryFixture registry =
        RegistryFixture.start(temp.resolve("reg"), RegistryFixture.Mode.TLS)) {
      PublishResult result =
          publish(registry, new RegistryAccess(false, registry.caFile(), false, null, null));

      assertThat(
              TestImages.skopeoDigest(
                  registry.skopeoOptions(), "docker://" + registry.host() + "/secured:1.0.0"))
          .isEqualTo(result.digest());
    }
  }

  @Test
  void untrustedCertificateFailsNamingTheFixUnlessVerificationIsExplicitlyOff() {
    try (RegistryFixture registry =
        RegistryFixture.start(temp.resolve("reg"), RegistryFixture.Mode.TLS)) {
      assertThatThrownBy(() -> publish(registry, RegistryAccess.defaults()))
          .isInstanceOf(ImageException.class)
          .hasMessageContaining("--ca-file");

      PublishResult insecure = publish(registry, new RegistryAccess(false, null, true, null, null));
      assertThat(insecure.tags()).containsExactly("1.0.0", "latest");
    }
  }

  @Test
  void plainHttpRegistryReachedOverTlsSaysToGivePlainHttp() {
    try (RegistryFixture registry =
        RegistryFixture.start(temp.resolve("reg"), RegistryFixture.Mode.PLAIN)) {
      assertThatThrownBy(() -> publish(registry, RegistryAccess.defaults()))
          .isInstanceOf(ImageException.class)
          .hasMessageContaining("answered in plain HTTP, not TLS")
          .hasMessageContaining("give --plain-http")
          .hasMessageNotContaining("certificate");
    }
  }

  @Test
  void tlsRegistryReachedOverPlainHttpSaysToLeavePlainHttpOut() {
    try (RegistryFixture registry =
        RegistryFixture.start(temp.resolve("reg"), RegistryFixture.Mode.TLS)) {
      assertThatThrownBy(() -> publish(registry, new RegistryAccess(true, null, false, null, null)))
          .isInstanceOf(ImageException.class)
          .hasMessageContaining("speaks HTTPS")
          .hasMessageContaining("leave --plain-http out");
    }
  }

  @Test
  void registryThatDoesNotAnswerIsNotBlamedOnPlainHttp() throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    Path layout = temp.resolve("layout");
    TestImages.ociLayout(layout, "1.0.0", 6, 1000);
    assertThatThrownBy(
            () ->
                new ImagePublisher(e -> {}, 1)
                    .publish(
                        new PublishRequest(
                            new ImageSource.OciLayout(layout, null),
                            "127.0.0.1:" + closedPort,
                            "nowhere",
                            List.of("1.0.0"),
                            new RegistryAccess(true, null, false, null, null),
                            null,
                            1)))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("127.0.0.1:" + closedPort)
        .hasMessageContaining("Check the registry's address and that it is up")
        .hasMessageNotContaining("--plain-http");
  }

  /** Plain HTTP with the basic-auth fixture's user name and password. */
  private static RegistryAccess signedInOverPlainHttp() {
    return new RegistryAccess(
        true,
        null,
        false,
        new RegistryCredentials(RegistryFixture.USERNAME, RegistryFixture.PASSWORD),
        null);
  }
}
