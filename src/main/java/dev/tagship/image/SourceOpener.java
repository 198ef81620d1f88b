package dev.tagship.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tagship.core.EventListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;

/** Opens any {@link ImageSource}: where its blobs are, plus its top-level manifest. */
final class SourceOpener {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REF_NAME = "org.opencontainers.image.ref.name";

  private final ExecutorService executor;
  private final EventListener events;

  SourceOpener(ExecutorService executor, EventListener events) {
    this.executor = executor;
    this.events = events;
  }

  OpenedImage open(ImageSource source, RegistryAccess sourceAccess) {
    if (source instanceof ImageSource.OciLayout layout) {
      return openLayout(layout.directory(), layout.ref(), null);
    }
    if (source instanceof ImageSource.OciArchive archive) {
      Path temp = TempFolders.create("tagship-oci-");
      try {
        TarExtractor.extract(archive.path(), temp);
        return openLayout(temp, null, temp);
      } catch (RuntimeException e) {
        OpenedImage.deleteTree(temp);
        throw e;
      }
    }
    if (source instanceof ImageSource.DockerArchive archive) {
      return openDockerArchive(archive.path());
    }
    if (source instanceof ImageSource.RegistryImage image) {
      return openRegistry(image.reference(), sourceAccess);
    }
    if (source instanceof ImageSource.Build build) {
      Path temp = TempFolders.create("tagship-build-");
      try {
        Path tarball = temp.resolve("image.tar");
        new DaemonlessBuilder(executor, events).build(build, sourceAccess, tarball);
        return openDockerArchive(tarball); // unpacks it: the tarball itself is done with
      } finally {
        OpenedImage.deleteTree(temp);
      }
    }
    ImageSource.DaemonImage daemon = (ImageSource.DaemonImage) source;
    throw ImageException.failure(
        "docker-daemon:"
            + daemon.name()
            + " needs a Docker daemon, and none is reachable here (no /var/run/docker.sock"
            + " and no DOCKER_HOST). Save the image with `docker save -o image.tar "
            + daemon.name()
            + "` where a daemon runs and push docker-archive:image.tar instead");
  }

  private OpenedImage openDockerArchive(Path archive) {
    Path temp = TempFolders.create("tagship-docker-");
    try {
      Path unpacked = temp.resolve("archive");
      TarExtractor.extract(archive, unpacked);
      if (Files.exists(unpacked.resolve("index.json"))
          && Files.exists(unpacked.resolve("oci-layout"))) {
        // Docker 25+ writes an OCI layout inside docker save tarballs: pushed as it is.
        return openLayout(unpacked, null, temp);
      }
      Path layout = temp.resolve("layout");
      new DockerArchiveConverter(executor, events).convert(unpacked, layout);
      return openLayout(layout, null, temp);
    } catch (RuntimeException e) {
      OpenedImage.deleteTree(temp);
      throw e;
    }
  }

  private OpenedImage openLayout(Path directory, String ref, Path tempDir) {
    Path indexFile = directory.resolve("index.json");
    if (!Files.isRegularFile(indexFile)) {
      throw ImageException.usage(directory + " is not an OCI image layout (it has no index.json)");
    }
    JsonNode manifests;
    try {
      manifests = JSON.readTree(indexFile.toFile()).path("manifests");
    } catch (IOException e) {
      throw ImageException.failure("cannot read " + indexFile + ": " + e.getMessage(), e);
    }
    List<String> names = new ArrayList<>();
    JsonNode chosen = null;
    for (JsonNode manifest : manifests) {
      String name = manifest.path("annotations").path(REF_NAME).asText(null);
      names.add(name == null ? manifest.path("digest").asText() : name);
      boolean matches =
          ref == null
              || ref.equals(name)
              || ref.equals(manifest.path("digest").asText())
              || (name != null && name.endsWith(":" + ref));
      if (matches) {
        if (chosen != null && ref == null) {
          throw ImageException.usage(
              directory + " holds several images " + names + "; pick one with oci:DIR:REF");
        }
        if (chosen == null) {
          chosen = manifest;
        }
      }
    }
    if (chosen == null) {
      throw ImageException.usage(
          directory
              + (ref == null ? " holds no image" : " has no image '" + ref + "'")
              + "; it holds "
              + names);
    }
    String digest = chosen.path("digest").asText();
    LayoutBlobs blobs = new LayoutBlobs(directory);
    RawManifest top = RawManifest.of(blobs.read(digest), chosen.path("mediaType").asText(null));
    if (!top.digest().equals(digest)) {
      throw ImageException.failure(
          directory + " is damaged: blob " + digest + " has the digest " + top.digest());
    }
    return new OpenedImage(blobs, top, null, null, tempDir);
  }

  private OpenedImage openRegistry(ImageReference reference, RegistryAccess access) {
    RegistryConnector.RegistryConnection connection =
        RegistryConnector.connect(access, reference.registry());
    RepositoryRef repository = RepositoryRef.of(reference);
    String version =
        reference.digest() != null
            ? reference.digest()
            : reference.tag() != null ? reference.tag() : "latest";
    RegistryFailures failures = new RegistryFailures(reference.registry(), 200);
    RawManifest top =
        failures.retry(
            "read " + reference, () -> connection.manifests().get(repository, version), events);
    if (reference.digest() != null && !reference.digest().equals(top.digest())) {
      throw ImageException.failure(
          "registry "
              + reference.registry()
              + " returned a manifest with digest "
              + top.digest()
              + " for "
              + reference);
    }
    BlobSource blobs = digest -> connection.blobs().open(repository, digest);
    return new OpenedImage(blobs, top, repository, connection.manifests(), null);
  }
}
