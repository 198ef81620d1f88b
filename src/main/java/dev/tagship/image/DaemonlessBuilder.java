package dev.tagship.image;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Port;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import dev.tagship.core.Event;
import dev.tagship.core.EventListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;

/**
 * Builds an image without a Docker daemon, with Jib: the base image's layers are reused as they are
 * (never recompressed), each added file becomes a new layer, and the result is written as a tarball
 * that the publisher then pushes like any other source — so tags get the same order and checks.
 */
final class DaemonlessBuilder {

  private final ExecutorService executor;
  private final EventListener events;

  DaemonlessBuilder(ExecutorService executor, EventListener events) {
    this.executor = executor;
    this.events = events;
  }

  /** Builds {@code build} into {@code tarball}. */
  void build(ImageSource.Build build, RegistryAccess access, Path tarball) {
    for (ImageSource.FileToAdd file : build.files()) {
      if (!Files.exists(file.source())) {
        throw ImageException.usage("file to add " + file.source() + " does not exist");
      }
    }
    try {
      RegistryImage base = RegistryImage.named(build.baseImage());
      CredentialRetrieverFactory credentials =
          CredentialRetrieverFactory.forImage(
              com.google.cloud.tools.jib.api.ImageReference.parse(build.baseImage()),
              event -> events.on(Event.debug(event.getMessage())));
      if (access.credentials() != null) {
        RegistryCredentials given = access.credentials();
        base.addCredentialRetriever(
            () -> Optional.of(Credential.from(given.username(), given.password())));
      } else if (access.dockerConfig() != null) {
        base.addCredentialRetriever(credentials.dockerConfig(access.dockerConfig()));
      }
      JibContainerBuilder image = Jib.from(base).setFormat(ImageFormat.OCI);
      Map<String, java.util.List<Path>> byFolder = new LinkedHashMap<>();
      for (ImageSource.FileToAdd file : build.files()) {
        byFolder
            .computeIfAbsent(file.destination(), folder -> new java.util.ArrayList<>())
            .add(file.source());
      }
      for (Map.Entry<String, List<Path>> layer : byFolder.entrySet()) {
        image.addFileEntriesLayer(
            FileLayers.keepingExecutableBits(
                layer.getValue(), AbsoluteUnixPath.get(layer.getKey())));
      }
      if (!build.entrypoint().isEmpty()) {
        image.setEntrypoint(build.entrypoint());
      }
      image.setEnvironment(build.environment());
      image.setExposedPorts(ports(build.exposedPorts()));
      image.setLabels(build.labels());
      if (build.user() != null) {
        image.setUser(build.user());
      }
      Containerizer containerizer =
          Containerizer.to(TarImage.at(tarball).named("tagship/build"))
              .setAllowInsecureRegistries(access.plainHttp() || access.insecureSkipTlsVerify())
              .setExecutorService(executor)
              .setToolName("tagship")
              .addEventHandler(LogEvent.class, this::log);
      if (build.cacheDirectory() != null) {
        containerizer
            .setBaseImageLayersCache(build.cacheDirectory().resolve("base"))
            .setApplicationLayersCache(build.cacheDirectory().resolve("application"));
      }
      events.on(Event.info("Building on " + build.baseImage() + " without a Docker daemon"));
      image.containerize(containerizer);
    } catch (InvalidImageReferenceException e) {
      throw ImageException.usage(
          "base image '" + build.baseImage() + "' is not an image reference");
    } catch (RegistryException e) {
      throw ImageException.failure(
          "could not read base image " + build.baseImage() + ": " + e.getMessage(), e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw ImageException.failure(
          "could not build on " + build.baseImage() + ": " + cause.getMessage(), cause);
    } catch (IOException | com.google.cloud.tools.jib.api.CacheDirectoryCreationException e) {
      throw ImageException.failure("could not build the image: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ImageException.failure("interrupted while building the image", e);
    }
  }

  private void log(LogEvent event) {
    switch (event.getLevel()) {
      case ERROR, WARN -> events.on(Event.warn(event.getMessage()));
      case LIFECYCLE, PROGRESS -> events.on(Event.info(event.getMessage()));
      default -> events.on(Event.debug(event.getMessage()));
    }
  }

  private static Set<Port> ports(List<String> exposed) {
    Set<Port> ports = new LinkedHashSet<>();
    for (String spec : exposed) {
      String[] parts = spec.split("/", 2);
      try {
        int number = Integer.parseInt(parts[0]);
        ports.add(
            parts.length == 2 && parts[1].equalsIgnoreCase("udp")
                ? Port.udp(number)
                : Port.tcp(number));
      } catch (NumberFormatException e) {
        throw ImageException.usage("port '" + spec + "' must be a number, optionally /tcp or /udp");
      }
    }
    return ports;
  }
}
