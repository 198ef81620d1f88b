package dev.tagship.sandbox.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tagship.image.ImagePublisher;
import dev.tagship.image.ImageSource;
import dev.tagship.image.PublishRequest;
import dev.tagship.image.PublishResult;
import dev.tagship.image.RegistryAccess;
import dev.tagship.testing.TestImages;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox registry against real clients: skopeo, and tagship's own push. */
class SandboxRegistryTest {

  private static final List<String> PLAIN = List.of("--dest-tls-verify=false");

  @TempDir Path dir;

  @Test
  void skopeoCopiesInWithTheDigestKept() throws Exception {
    String digest = TestImages.ociLayout(dir.resolve("layout"), "1.0", 7, 2048, 4096);
    try (SandboxRegistry registry = SandboxRegistry.start()) {
      String target = "docker://" + registry.address() + "/team/shop:1.0";
      TestImages.skopeoCopy(PLAIN, "oci:" + dir.resolve("layout") + ":1.0", target);
      assertThat(registry.hasImage(registry.address() + "/team/shop:1.0")).isTrue();
      assertThat(registry.hasImage(registry.address() + "/team/shop:2.0")).isFalse();
      assertThat(registry.hasImage(registry.address() + "/team/shop@" + digest)).isTrue();
      HttpResponse<String> manifest =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              "http://" + registry.address() + "/v2/team/shop/manifests/1.0"))
                      .method("HEAD", HttpRequest.BodyPublishers.noBody())
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(manifest.headers().firstValue("Docker-Content-Digest")).contains(digest);

      HttpResponse<String> tags =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://" + registry.address() + "/v2/team/shop/tags/list"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(tags.body()).isEqualTo("{\"name\":\"team/shop\",\"tags\":[\"1.0\"]}");
    }
  }

  @Test
  void tagshipPushesAndPromotesThroughTheSameClientAsForAcr() throws Exception {
    String digest = TestImages.ociLayout(dir.resolve("layout"), "1.0", 3, 1024, 1024);
    try (SandboxRegistry registry = SandboxRegistry.start()) {
      RegistryAccess plain = new RegistryAccess(true, null, false, null, null);
      PublishResult pushed =
          new ImagePublisher(event -> {})
              .publish(
                  new PublishRequest(
                      new ImageSource.OciLayout(dir.resolve("layout"), "1.0"),
                      registry.address(),
                      "shop",
                      List.of("1.0", "latest"),
                      plain,
                      plain,
                      2));
      assertThat(pushed.digest()).isEqualTo(digest);
      PublishResult promoted =
          new ImagePublisher(event -> {})
              .publish(
                  new PublishRequest(
                      new ImageSource.RegistryImage(
                          dev.tagship.image.ImageReference.parse(registry.address() + "/shop:1.0")),
                      registry.address(),
                      "prod/shop",
                      List.of("1.0"),
                      plain,
                      plain,
                      2));
      assertThat(promoted.digest()).isEqualTo(digest);
      assertThat(registry.has("prod/shop", "1.0")).isTrue();
      assertThat(registry.has("shop", "latest")).isTrue();
    }
  }

  @Test
  void wrongDigestAndMissingBlobsAreRefusedAsTheDistributionApiSays() throws Exception {
    try (SandboxRegistry registry = SandboxRegistry.start()) {
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://" + registry.address() + "/v2/shop/";
      HttpResponse<String> badDigest =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(base + "blobs/uploads/?digest=sha256:" + "0".repeat(64)))
                  .POST(HttpRequest.BodyPublishers.ofString("content"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(badDigest.statusCode()).isEqualTo(400);
      assertThat(badDigest.body()).contains("DIGEST_INVALID");
      HttpResponse<String> orphan =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "manifests/1.0"))
                  .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                  .PUT(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"schemaVersion\":2,\"config\":{\"digest\":\"sha256:"
                              + "1".repeat(64)
                              + "\"},\"layers\":[]}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(orphan.statusCode()).isEqualTo(400);
      assertThat(orphan.body()).contains("MANIFEST_BLOB_UNKNOWN");
      assertThat(registry.has("shop", "1.0")).isFalse();
    }
  }
}
