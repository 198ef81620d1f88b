package dev.tagship.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tagship.core.Event;
import dev.tagship.testing.FaultyProxy;
import dev.tagship.testing.RegistryFixture;
import dev.tagship.testing.TestImages;
import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An image is pushed only as its manifests describe it: every blob and manifest is checked against
 * its digest and size while it is read, and nothing of a source that fails reaches the registry
 * whole. A proxy in front of a real registry records what reached it, as a registry that does not
 * check digests would have stored it.
 */
class SourceIntegrityTest {

  @TempDir static Path registryDir;
  static RegistryFixture registry;

  @TempDir Path temp;
  FaultyProxy proxy;
  final List<Event> events = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startRegistry() {
    registry = RegistryFixture.start(registryDir, RegistryFixture.Mode.PLAIN);
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @BeforeEach
  void startProxy() {
    proxy = FaultyProxy.start(registry.host(), List.of());
  }

  @AfterEach
  void stopProxy() {
    proxy.close();
  }

  private PublishResult publish(ImageSource source, String repository) {
    return new ImagePublisher(events::add, 5)
        .publish(
            new PublishRequest(
                source,
                proxy.host(),
                repository,
                List.of("1.0.0", "latest"),
                new RegistryAccess(true, null, false, null, null),
                null,
                2));
  }

  private PublishResult publishLayout(Path layout, String repository) {
    return publish(new ImageSource.OciLayout(layout, null), repository);
  }

  /** The status the registry itself answers a GET of {@code path} with. */
  private static int registryStatus(String path) throws IOException {
    HttpURLConnection connection =
        (HttpURLConnection) URI.create("http://" + registry.host() + path).toURL().openConnection();
    connection.setRequestProperty("Accept", ManifestClient.ACCEPT);
    try {
      return connection.getResponseCode();
    } finally {
      connection.disconnect();
    }
  }

  private void assertNothingTagged(String repository) throws IOException {
    assertThat(registryStatus("/v2/" + repository + "/manifests/1.0.0")).isEqualTo(404);
    assertThat(registryStatus("/v2/" + repository + "/manifests/latest")).isEqualTo(404);
    assertThat(proxy.received())
        .noneMatch(request -> request.startsWith("PUT ") && request.contains("/manifests/"));
  }

  private List<String> blobUploadsReceived() {
    return proxy.received().stream()
        .filter(request -> request.startsWith("PUT ") && request.contains("/blobs/uploads/"))
        .toList();
  }

  private List<String> retries() {
    return events.stream().map(Event::message).filter(m -> m.contains("retrying")).toList();
  }

  @Test
  void tamperedLayerNeverReachesTheRegistryWholeAndNothingIsTagged() throws IOException {
    Path layout = temp.resolve("layout");
    String manifest = TestImages.ociLayout(layout, "1.0.0", 1, 200_000);
    String layer = TestImages.layerDigests(layout, manifest).get(0);
    Path layerFile = TestImages.blobFile(layout, layer);
    byte[] content = Files.readAllBytes(layerFile);
    content[content.length / 2] ^= 1; // same size, other digest
    Files.write(layerFile, content);

    assertThatThrownBy(() -> publishLayout(layout, "tampered"))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining(layerFile.toString())
        .hasMessageContaining("has the digest sha256:")
        .hasMessageContaining("not " + layer)
        .hasMessageContaining("stopped before writing any manifest or tag")
        .hasMessageNotContaining("--plain-http");

    assertThat(blobUploadsReceived()).noneMatch(request -> request.contains(layer));
    assertThat(retries()).isEmpty();
    assertNothingTagged("tampered");
  }

  @Test
  void layerOfTheWrongSizeIsOneClearErrorBeforeAnyUpload() throws IOException {
    Path layout = temp.resolve("layout");
    String manifest = TestImages.ociLayout(layout, "1.0.0", 2, 5000);
    String layer = TestImages.layerDigests(layout, manifest).get(0);
    Path layerFile = TestImages.blobFile(layout, layer);
    long size = Files.size(layerFile);
    Files.write(layerFile, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);

    assertThatThrownBy(() -> publishLayout(layout, "oversized"))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining(layerFile.toString())
        .hasMessageContaining("has " + (size + 3) + " bytes, not the " + size)
        .hasMessageNotContaining("--plain-http")
        .hasMessageNotContaining("attempts");

    assertThat(proxy.received()).noneMatch(request -> request.contains("/blobs/uploads/"));
    assertThat(retries()).isEmpty();
    assertNothingTagged("oversized");
  }

  @Test
  void missingBlobIsOneClearErrorNamingFileAndDigestNeverRetried() throws IOException {
    Path layout = temp.resolve("layout");
    String manifest = TestImages.ociLayout(layout, "1.0.0", 3, 5000);
    String layer = TestImages.layerDigests(layout, manifest).get(0);
    Path layerFile = TestImages.blobFile(layout, layer);
    Files.delete(layerFile);

    assertThatThrownBy(() -> publishLayout(layout, "incomplete"))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("lacks blob " + layer)
        .hasMessageContaining(layerFile.toString())
        .hasMessageNotContaining("--plain-http")
        .hasMessageNotContaining("attempts");

    assertThat(proxy.received()).noneMatch(request -> request.contains("/blobs/uploads/"));
    assertThat(retries()).isEmpty();
    assertNothingTagged("incomplete");
  }

  @Test
  void indexIsPushedAfterEveryChildManifestItNames() throws IOException {
    Path layout = temp.resolve("layout");
    String index = TestImages.ociIndexLayout(layout, "1.0.0", 3000);

    PublishResult result = publishLayout(layout, "multi");

    assertThat(result.digest()).isEqualTo(index);
    List<String> manifestPuts =
        proxy.received().stream()
            .filter(request -> request.startsWith("PUT ") && request.contains("/manifests/"))
            .toList();
    assertThat(manifestPuts).hasSize(5); // two children, the index by digest, two tags
    assertThat(manifestPuts.get(2)).endsWith("/manifests/" + index);
    assertThat(
            TestImages.skopeoDigest(
                registry.skopeoOptions(), "docker://" + registry.host() + "/multi:1.0.0"))
        .isEqualTo(index);
    assertThat(registryStatus("/v2/multi/manifests/1.0.0")).isEqualTo(200);
  }

  @Test
  void indexWhoseChildWasSwappedIsRefusedBeforeAnythingIsPushed() throws IOException {
    Path layout = temp.resolve("layout");
    String other = TestImages.ociLayout(temp.resolve("other"), "9.9.9", 9, 1000);
    TestImages.ociIndexLayout(layout, "1.0.0", 3000);
    String child = TestImages.ociLayout(temp.resolve("again"), "amd64", 100, 3000);
    Path childFile = TestImages.blobFile(layout, child);
    // the child's file now holds another, valid manifest
    Files.copy(
        TestImages.blobFile(temp.resolve("other"), other),
        childFile,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    assertThatThrownBy(() -> publishLayout(layout, "swapped"))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining(childFile.toString())
        .hasMessageContaining(child);

    assertThat(proxy.received()).noneMatch(request -> request.startsWith("PUT "));
    assertNothingTagged("swapped");
  }

  @Test
  void indexWithAMissingChildIsRefusedBeforeAnythingIsPushed() throws IOException {
    Path layout = temp.resolve("layout");
    TestImages.ociIndexLayout(layout, "1.0.0", 3000);
    String child = TestImages.ociLayout(temp.resolve("again"), "arm64", 101, 3000);
    Files.delete(TestImages.blobFile(layout, child));

    assertThatThrownBy(() -> publishLayout(layout, "orphaned"))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("lacks blob " + child);

    assertThat(proxy.received()).noneMatch(request -> request.startsWith("PUT "));
    assertNothingTagged("orphaned");
  }

  @Test
  void blobLinkedFromOutsideTheLayoutIsRefused() throws IOException {
    Path layout = temp.resolve("layout");
    String manifest = TestImages.ociLayout(layout, "1.0.0", 4, 4000);
    String layer = TestImages.layerDigests(layout, manifest).get(0);
    Path layerFile = TestImages.blobFile(layout, layer);
    Path outside = temp.resolve("elsewhere/secret.bin");
    Files.createDirectories(outside.getParent());
    Files.move(layerFile, outside); // the same bytes: only where they are is wrong
    Files.createSymbolicLink(layerFile, outside);

    assertThatThrownBy(() -> publishLayout(layout, "escaped"))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining(layerFile.toString())
        .hasMessageContaining("outside the layout");

    assertThat(proxy.received()).noneMatch(request -> request.contains("/blobs/uploads/"));
    assertNothingTagged("escaped");
  }

  @Test
  void blobLinkedWithinTheLayoutIsPushed() throws IOException {
    Path layout = temp.resolve("layout");
    String manifest = TestImages.ociLayout(layout, "1.0.0", 5, 4000);
    String layer = TestImages.layerDigests(layout, manifest).get(0);
    Path layerFile = TestImages.blobFile(layout, layer);
    Path kept = layout.resolve("store/layer.bin");
    Files.createDirectories(kept.getParent());
    Files.move(layerFile, kept);
    Files.createSymbolicLink(layerFile, kept);

    assertThat(publishLayout(layout, "linked").digest()).isEqualTo(manifest);
  }

  @Test
  void tamperedBlobInAnOciArchiveIsRefusedWhileUnpackingAndItsFolderRemoved() throws IOException {
    Path layout = temp.resolve("layout");
    String manifest = TestImages.ociLayout(layout, "1.0.0", 6, 4000);
    String layer = TestImages.layerDigests(layout, manifest).get(0);
    Path layerFile = TestImages.blobFile(layout, layer);
    byte[] content = Files.readAllBytes(layerFile);
    content[10] ^= 1;
    Files.write(layerFile, content);
    Path archive = temp.resolve("image.tar");
    tar(layout, archive, false);

    assertThatThrownBy(() -> publish(ImageSource.parse("oci-archive:" + archive, temp), "packed"))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining(archive.toString())
        .hasMessageContaining("blobs/sha256/" + layer.substring(7))
        .hasMessageContaining("not " + layer);

    assertThat(proxy.received()).noneMatch(request -> request.startsWith("PUT "));
    assertThat(unpackedInto()).isNotNull().doesNotExist();
  }

  @Test
  void gzippedOciArchiveIsPushed() throws IOException {
    Path layout = temp.resolve("layout");
    String manifest = TestImages.ociLayout(layout, "1.0.0", 7, 4000, 6000);
    Path archive = temp.resolve("image.tar.gz");
    tar(layout, archive, true);

    PublishResult result = publish(ImageSource.parse("oci-archive:" + archive, temp), "gzipped");

    assertThat(result.digest()).isEqualTo(manifest);
    assertThat(unpackedInto()).isNotNull().doesNotExist();
  }

  @Test
  void gzipBombIsRefusedAtTheBoundAndLeavesNothingBehind() throws IOException {
    Path bomb = temp.resolve("bomb.tar.gz");
    int entries = 8;
    int entrySize = 8 << 20; // 64 MiB of zeros in all, about 64 KB compressed
    try (TarArchiveOutputStream tar =
        new TarArchiveOutputStream(new GZIPOutputStream(Files.newOutputStream(bomb)))) {
      byte[] zeros = new byte[entrySize];
      for (int i = 0; i < entries; i++) {
        TarArchiveEntry entry = new TarArchiveEntry("filler-" + i);
        entry.setSize(entrySize);
        tar.putArchiveEntry(entry);
        tar.write(zeros);
        tar.closeArchiveEntry();
      }
    }
    assertThat(Files.size(bomb)).isLessThan(1 << 20);

    assertThatThrownBy(() -> publish(ImageSource.parse("oci-archive:" + bomb, temp), "bomb"))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining(bomb.toString())
        .hasMessageContaining("expands to more than")
        .hasMessageContaining("filler-1")
        .hasMessageContaining("decompression bomb");

    assertThat(unpackedInto()).isNotNull().doesNotExist();
    assertThat(proxy.received()).noneMatch(request -> request.startsWith("PUT "));
  }

  @Test
  void dockerArchiveWhoseConfigLiesOutsideItIsRefused() throws IOException {
    Path secret = temp.resolve("secret.json");
    Files.writeString(secret, "{\"not\":\"a config\"}");
    Path archive = temp.resolve("docker.tar");
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(archive))) {
      byte[] manifest =
          ("[{\"Config\":\"../../../../../../../../../../.." + secret + "\",\"Layers\":[]}]")
              .getBytes(StandardCharsets.UTF_8);
      TarArchiveEntry entry = new TarArchiveEntry("manifest.json");
      entry.setSize(manifest.length);
      tar.putArchiveEntry(entry);
      tar.write(manifest);
      tar.closeArchiveEntry();
    }

    assertThatThrownBy(
            () -> publish(ImageSource.parse("docker-archive:" + archive, temp), "outside"))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("names a config outside the archive");

    assertThat(proxy.received()).noneMatch(request -> request.startsWith("PUT "));
    assertThat(unpackedInto()).isNotNull().doesNotExist();
  }

  /** The temporary folder the last archive was unpacked into, as the push's debug log names it. */
  private Path unpackedInto() {
    return events.stream()
        .map(Event::message)
        .filter(m -> m.startsWith("Unpacking "))
        .map(m -> Path.of(m.substring(m.lastIndexOf(" into ") + " into ".length())))
        .reduce((first, second) -> second)
        .orElse(null);
  }

  /** A tarball of the OCI layout {@code layout}, gzipped or not. */
  private static void tar(Path layout, Path archive, boolean gzip) throws IOException {
    try (OutputStream file = Files.newOutputStream(archive);
        OutputStream out = gzip ? new GZIPOutputStream(file) : file;
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        var files = Files.walk(layout)) {
      for (Path path : files.filter(Files::isRegularFile).sorted().toList()) {
        TarArchiveEntry entry = new TarArchiveEntry(layout.relativize(path).toString());
        byte[] content = Files.readAllBytes(path);
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
      }
    }
  }
}
