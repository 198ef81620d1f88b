package dev.tagship.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tagship.core.Event;
import dev.tagship.testing.RegistryFixture;
import dev.tagship.testing.TestImages;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Publishing to a real registry (docker-registry on 127.0.0.1) over plain HTTP. */
class ImagePublisherTest {

  @TempDir static Path registryDir;
  static RegistryFixture registry;

  @TempDir Path temp;
  final List<Event> events = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startRegistry() {
    registry = RegistryFixture.start(registryDir, RegistryFixture.Mode.PLAIN);
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  private static final RegistryAccess PLAIN = new RegistryAccess(true, null, false, null, null);

  private PublishResult publish(ImageSource source, String repository, String... tags) {
    return new ImagePublisher(events::add)
        .publish(
            new PublishRequest(source, registry.host(), repository, List.of(tags), PLAIN, null, 4));
  }

  private String registryDigest(String repository, String tag) {
    return TestImages.skopeoDigest(
        registry.skopeoOptions(), "docker://" + registry.host() + "/" + repository + ":" + tag);
  }

  @Test
  void ociLayoutIsPushedAsItIsUnderTheVersionAndLatest() {
    Path layout = temp.resolve("layout");
    String digest = TestImages.ociLayout(layout, "1.0.0", 1, 2000, 3000);

    PublishResult result =
        publish(new ImageSource.OciLayout(layout, null), "shop", "1.0.0", "latest");

    assertThat(result.digest()).isEqualTo(digest);
    assertThat(result.tags()).containsExactly("1.0.0", "latest");
    assertThat(result.blobsUploaded()).isEqualTo(3);
    assertThat(result.bytesUploaded()).isPositive();
    assertThat(result.unchanged()).isFalse();
    assertThat(registryDigest("shop", "1.0.0")).isEqualTo(digest);
    assertThat(registryDigest("shop", "latest")).isEqualTo(digest);
  }

  @Test
  void latestMovesOnlyAfterTheVersionTagIsVerified() {
    Path layout = temp.resolve("layout");
    TestImages.ociLayout(layout, "2.0.0", 2, 1000);

    publish(new ImageSource.OciLayout(layout, null), "ordered", "latest", "2.0.0");

    List<String> tagged =
        events.stream().map(Event::message).filter(m -> m.startsWith("Tagged ")).toList();
    assertThat(tagged).hasSize(2);
    assertThat(tagged.get(0)).contains(":2.0.0 ");
    assertThat(tagged.get(1)).contains(":latest ");
  }

  @Test
  void republishingTheSameImageIsANoOpThatSaysSo() {
    Path layout = temp.resolve("layout");
    TestImages.ociLayout(layout, "1.0.0", 3, 2000);
    publish(new ImageSource.OciLayout(layout, null), "again", "1.0.0", "latest");
    events.clear();

    PublishResult again =
        publish(new ImageSource.OciLayout(layout, null), "again", "1.0.0", "latest");

    assertThat(again.unchanged()).isTrue();
    assertThat(again.bytesUploaded()).isZero();
    assertThat(events).extracting(Event::message).anyMatch(m -> m.startsWith("Already published"));
  }

  @Test
  void onlyTheChangedLayerIsUploadedTheSecondTime() {
    Path first = temp.resolve("first");
    Path second = temp.resolve("second");
    TestImages.ociLayout(first, "1.0.0", 10, 50_000, 60_000, 700);
    String secondDigest = TestImages.ociLayout(second, "1.0.1", 11, 50_000, 60_000, 700);
    publish(new ImageSource.OciLayout(first, null), "delta", "1.0.0", "latest");

    PublishResult result =
        publish(new ImageSource.OciLayout(second, null), "delta", "1.0.1", "latest");

    assertThat(result.blobsPresent()).isEqualTo(2);
    assertThat(result.blobsUploaded()).isEqualTo(2); // the changed layer and the new config
    assertThat(result.bytesUploaded()).isLessThan(5_000);
    assertThat(registryDigest("delta", "latest")).isEqualTo(secondDigest);
  }

  @Test
  void versionTagOfAnotherImageIsNeverMovedAndLatestStaysPut() {
    Path first = temp.resolve("first");
    Path other = temp.resolve("other");
    String firstDigest = TestImages.ociLayout(first, "1.0.0", 20, 1000);
    TestImages.ociLayout(other, "1.0.0", 21, 1000);
    publish(new ImageSource.OciLayout(first, null), "immutable", "1.0.0", "latest");

    assertThatThrownBy(
            () -> publish(new ImageSource.OciLayout(other, null), "immutable", "1.0.0", "latest"))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("version tag 1.0.0 already points at " + firstDigest)
        .hasMessageContaining("never moved");
    assertThat(registryDigest("immutable", "1.0.0")).isEqualTo(firstDigest);
    assertThat(registryDigest("immutable", "latest")).isEqualTo(firstDigest);
  }

  @Test
  void ociArchiveIsPushedWithTheSourceDigest() {
    Path layout = temp.resolve("layout");
    String digest = TestImages.ociLayout(layout, "1.0.0", 30, 4000);
    Path archive = temp.resolve("image.tar");
    TestImages.skopeoCopy(List.of(), "oci:" + layout + ":1.0.0", "oci-archive:" + archive);

    PublishResult result =
        publish(ImageSource.parse("oci-archive:" + archive, temp), "fromarchive", "1.0.0");

    assertThat(result.digest()).isEqualTo(digest);
    assertThat(registryDigest("fromarchive", "1.0.0")).isEqualTo(digest);
  }

  @Test
  void dockerSaveTarballIsPushedDeterministically() {
    Path layout = temp.resolve("layout");
    TestImages.ociLayout(layout, "1.0.0", 40, 4000, 5000);
    Path archive = temp.resolve("docker.tar");
    TestImages.skopeoCopy(
        List.of(), "oci:" + layout + ":1.0.0", "docker-archive:" + archive + ":shop:1.0.0");

    PublishResult first =
        publish(ImageSource.parse("docker-archive:" + archive, temp), "saved", "1.0.0");
    PublishResult again =
        publish(ImageSource.parse("docker-archive:" + archive, temp), "saved", "1.0.0");

    assertThat(first.mediaType()).isEqualTo(DockerArchiveConverter.MANIFEST_V2);
    assertThat(registryDigest("saved", "1.0.0")).isEqualTo(first.digest());
    assertThat(again.unchanged()).isTrue();
    assertThat(again.digest()).isEqualTo(first.digest());
    // the pushed image is whole: skopeo can pull it back
    TestImages.skopeoCopy(
        registry.skopeoOptions(),
        "docker://" + registry.host() + "/saved:1.0.0",
        "oci:" + temp.resolve("pulled") + ":x");
  }

  @Test
  void promotionToAnotherRepositoryKeepsTheDigestAndMountsBlobs() {
    Path layout = temp.resolve("layout");
    String digest = TestImages.ociLayout(layout, "3.1.0", 50, 8000, 9000);
    publish(new ImageSource.OciLayout(layout, null), "dev/shop", "3.1.0");

    PublishResult promoted =
        new ImagePublisher(events::add)
            .publish(
                new PublishRequest(
                    ImageSource.parse("docker://" + registry.host() + "/dev/shop:3.1.0", temp),
                    registry.host(),
                    "prod/shop",
                    List.of("3.1.0", "latest"),
                    PLAIN,
                    null,
                    4));

    assertThat(promoted.digest()).isEqualTo(digest);
    assertThat(promoted.blobsMounted()).isEqualTo(3);
    assertThat(promoted.bytesUploaded()).isZero();
    assertThat(registryDigest("prod/shop", "latest")).isEqualTo(digest);
  }

  @Test
  void unknownTransportIsAUsageError() {
    assertThatThrownBy(() -> ImageSource.parse("tarball:x.tar", temp))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("docker-archive:PATH, oci-archive:PATH")
        .matches(e -> ((ImageException) e).isUsageError());
  }
}
