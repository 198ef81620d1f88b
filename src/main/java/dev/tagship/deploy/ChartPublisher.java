package dev.tagship.deploy;

import com.marcnuri.helm.Helm;
import dev.tagship.core.EventListener;
import dev.tagship.image.ChartPushRequest;
import dev.tagship.image.ChartPushResult;
import dev.tagship.image.ChartRegistry;
import dev.tagship.image.RegistryAccess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code helm package} and {@code helm push} in one: a chart folder is packaged with Helm's own
 * code into an owner-only temporary folder (a {@code .tgz} is taken as it is), then pushed as an
 * OCI artifact with tagship's registry sign-in.
 */
public final class ChartPublisher {

  private final EventListener events;

  public ChartPublisher(EventListener events) {
    this.events = events;
  }

  /**
   * @param chart a chart folder or a packaged {@code .tgz}
   * @param repository the path under the registry, e.g. {@code helm}
   */
  public ChartPushResult publish(
      Path chart, String registry, String repository, RegistryAccess access) {
    if (Files.isRegularFile(chart)) {
      return push(chart, registry, repository, access);
    }
    if (!Files.isRegularFile(chart.resolve("Chart.yaml"))) {
      throw DeployException.usage(
          "chart " + chart + " is neither a chart folder (with Chart.yaml) nor a .tgz");
    }
    Path temp = TemporaryFolders.create();
    try {
      try {
        new Helm(chart).packageIt().withDestination(temp).call();
      } catch (RuntimeException e) {
        throw DeployException.usage("helm could not package " + chart + ": " + e.getMessage());
      }
      return push(onlyPackage(temp), registry, repository, access);
    } finally {
      TemporaryFolders.delete(temp);
    }
  }

  private ChartPushResult push(
      Path archive, String registry, String repository, RegistryAccess access) {
    return new ChartRegistry(events)
        .push(new ChartPushRequest(archive, registry, repository, access));
  }

  private static Path onlyPackage(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> packages = files.filter(f -> f.toString().endsWith(".tgz")).toList();
      if (packages.size() != 1) {
        throw DeployException.failure("helm package wrote " + packages + " in " + dir, null);
      }
      return packages.get(0);
    } catch (IOException e) {
      throw DeployException.failure("cannot read the packaged chart: " + e.getMessage(), e);
    }
  }
}
