package dev.tagship.image;

import dev.tagship.core.EventListener;
import dev.tagship.core.JsonTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/** Opens any {@link ImageSource}: where its blobs are, plus its top-level manifest. */
final class SourceOpener {

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
      return openSaved(
          "tagship-build-",
          tarball -> new DaemonlessBuilder(executor, events).build(build, sourceAccess, tarball));
    }
    ImageSource.DaemonImage daemon = (ImageSource.DaemonImage) source;
    return openSaved(
        "tagship-daemon-", tarball -> new DaemonImageSaver(events).save(daemon, tarball));
  }

  /**
   * Opens the docker-save tarball that {@code save} writes into a temporary folder, which is gone
   * afterwards, whether or not that worked: the tarball is unpacked, and done with.
   */
  private OpenedImage openSaved(String prefix, Consumer<Path> save) {
    Path temp = TempFolders.create(prefix);
    try {
      Path tarball = temp.resolve("image.tar");
      save.accept(tarball);
      return openDockerArchive(tarball);
    } finally {
      OpenedImage.deleteTree(temp);
    }
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
    JsonTree manifests;
    try {
      manifests = JsonTree.parse(indexFile).path("manifests");
    } catch (IOException e) {
      throw ImageException.failure("cannot read " + indexFile + ": " + e.getMessage(), e);
    }
    List<String> names = new ArrayList<>();
    JsonTree chosen = null;
    for (JsonTree manifest : manifests) {
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
    RegistryFailures failures = new RegistryFailures(reference.registry(), 200);
    RawManifest top =
        failures.retry(
            "read " + reference,
            () -> connection.manifests().get(repository, reference.manifestReference()),
            events);
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
