package dev.tagship.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tagship.core.Event;
import dev.tagship.testing.FaultyProxy;
import dev.tagship.testing.FaultyProxy.Fault;
import dev.tagship.testing.RegistryFixture;
import dev.tagship.testing.TestImages;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A registry behind a proxy that resets connections and answers 500, 429 and 403. */
class RegistryFaultsTest {

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

  private PublishResult publish(FaultyProxy proxy, Path layout, String repository, String... tags) {
    return new ImagePublisher(events::add, 5)
        .publish(
            new PublishRequest(
                new ImageSource.OciLayout(layout, null),
                proxy.host(),
                repository,
                List.of(tags),
                new RegistryAccess(true, null, false, null, null),
                null,
                2));
  }

  private String digestOf(String repository, String tag) {
    return TestImages.skopeoDigest(
        registry.skopeoOptions(), "docker://" + registry.host() + "/" + repository + ":" + tag);
  }

  @Test
  void transientFaultsAreRetriedAndThePushCompletes() {
    Path layout = temp.resolve("layout");
    String digest = TestImages.ociLayout(layout, "1.0.0", 1, 20_000, 30_000);
    try (FaultyProxy proxy =
        FaultyProxy.start(
            registry.host(),
            List.of(
                Fault.reset("PUT", "/blobs/uploads/", 1),
                Fault.status("POST", "/blobs/uploads/", 500, 1),
                Fault.status("PUT", "/manifests/1.0.0", 429, 1),
                Fault.status("PUT", "/manifests/latest", 503, 2)))) {

      PublishResult result = publish(proxy, layout, "flaky", "1.0.0", "latest");

      assertThat(proxy.injected()).hasSize(5);
      assertThat(result.digest()).isEqualTo(digest);
      assertThat(digestOf("flaky", "1.0.0")).isEqualTo(digest);
      assertThat(digestOf("flaky", "latest")).isEqualTo(digest);
      assertThat(events).extracting(Event::message).anyMatch(m -> m.contains("retrying"));
    }
  }

  @Test
  void permanentFaultFailsAtOnceAndLatestStaysOnThePreviousImage() {
    Path first = temp.resolve("first");
    Path second = temp.resolve("second");
    String firstDigest = TestImages.ociLayout(first, "1.0.0", 2, 1000);
    TestImages.ociLayout(second, "1.0.1", 3, 1000);
    try (FaultyProxy clean = FaultyProxy.start(registry.host(), List.of())) {
      publish(clean, first, "guarded", "1.0.0", "latest");
    }
    try (FaultyProxy proxy =
        FaultyProxy.start(
            registry.host(), List.of(Fault.status("PUT", "/manifests/1.0.1", 403, 100)))) {

      assertThatThrownBy(() -> publish(proxy, second, "guarded", "1.0.1", "latest"))
          .isInstanceOf(ImageException.class)
          .hasMessageContaining("403 Forbidden")
          .hasMessageContaining("AcrPush");
      assertThat(proxy.injected()).hasSize(1); // no retries for a permanent answer
    }
    assertThat(digestOf("guarded", "latest")).isEqualTo(firstDigest);
  }

  @Test
  void versionTagThatKeepsFailingNeverLetsLatestMove() {
    Path first = temp.resolve("first");
    Path second = temp.resolve("second");
    String firstDigest = TestImages.ociLayout(first, "2.0.0", 4, 1000);
    TestImages.ociLayout(second, "2.0.1", 5, 1000);
    try (FaultyProxy clean = FaultyProxy.start(registry.host(), List.of())) {
      publish(clean, first, "stubborn", "2.0.0", "latest");
    }
    try (FaultyProxy proxy =
        FaultyProxy.start(
            registry.host(), List.of(Fault.status("PUT", "/manifests/2.0.1", 500, 100)))) {

      assertThatThrownBy(() -> publish(proxy, second, "stubborn", "latest", "2.0.1"))
          .isInstanceOf(ImageException.class)
          .hasMessageContaining("answered 500")
          .hasMessageContaining("after " + RegistryFailures.ATTEMPTS + " attempts");
      assertThat(proxy.injected()).hasSize(RegistryFailures.ATTEMPTS);
    }
    assertThat(digestOf("stubborn", "latest")).isEqualTo(firstDigest);
  }
}
