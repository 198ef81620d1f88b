package dev.tagship.image;

import dev.tagship.core.Event;
import dev.tagship.core.EventListener;
import dev.tagship.core.JsonTree;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;

/** Opens any {@link ImageSource}: where its blobs are, plus its top-level manifest. */
final class SourceOpener {

  private static final String REF_NAME = "org.opencontainers.image.ref.name";

  /** Indexes of indexes are rare (attestations, multi-level lists); deeper is a mistake. */
  private static final int MAX_INDEX_DEPTH = 8;

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
      return unpacked(
          "tagship-oci-",
          archive.path(),
          temp -> {
            TarExtractor.extract(archive.path(), temp);
            return openLayout(temp, null, temp);
          });
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
    return unpacked(
        "tagship-docker-",
        archive,
        temp -> {
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
        });
  }

  /**
   * Runs {@code open} on a new private temporary folder that the opened image owns from then on;
   * when opening fails in any way the folder is deleted before the failure goes on.
   */
  private OpenedImage unpacked(String prefix, Path archive, Function<Path, OpenedImage> open) {
    Path temp = TempFolders.create(prefix);
    events.on(Event.debug("Unpacking " + archive + " into " + temp));
    OpenedImage opened = null;
    try {
      opened = open.apply(temp);
      return opened;
    } finally {
      if (opened == null) {
        OpenedImage.deleteTree(temp);
      }
    }
  }

  private OpenedImage openLayout(Path directory, String ref, Path tempDir) {
    LayoutBlobs blobs = LayoutBlobs.of(directory);
    byte[] indexJson = blobs.readIndex();
    Path indexFile = directory.resolve("index.json");
    if (indexJson == null) {
      throw ImageException.usage(directory + " is not an OCI image layout (it has no index.json)");
    }
    JsonTree manifests;
    try {
      manifests = JsonTree.parse(indexJson).path("manifests");
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
    RawManifest.Target descriptor =
        new RawManifest.Target(
            chosen.path("digest").asText(),
            chosen.path("size").asLong(-1),
            chosen.path("mediaType").asText(null));
    if (descriptor.size() < 0) {
      throw ImageException.failure(
          indexFile + " gives no size for " + descriptor.digest() + ": it is not a valid index");
    }
    RawManifest top = blobs.readManifest(descriptor);
    OpenedImage image =
        new OpenedImage(blobs, top, children(top, blobs::readManifest), null, tempDir);
    // Every blob is there, inside the layout and of its size before anything is uploaded; the
    // digest of each is checked as it streams into the upload.
    for (RawManifest.Target blob : image.blobTargets()) {
      blobs.locate(blob);
    }
    return image;
  }

  /**
   * Every manifest below {@code top} (when it is an index), read with {@code read}, which checks
   * each against its descriptor; a child comes before the index that points at it.
   */
  private static List<RawManifest> children(
      RawManifest top, Function<RawManifest.Target, RawManifest> read) {
    List<RawManifest> ordered = new ArrayList<>();
    addChildren(top, read, new HashSet<>(), ordered, 1);
    return ordered;
  }

  private static void addChildren(
      RawManifest index,
      Function<RawManifest.Target, RawManifest> read,
      Set<String> seen,
      List<RawManifest> ordered,
      int depth) {
    if (!index.isIndex()) {
      return;
    }
    if (depth > MAX_INDEX_DEPTH) {
      throw ImageException.failure(
          "the image nests indexes more than " + MAX_INDEX_DEPTH + " deep at " + index.digest());
    }
    for (RawManifest.Target child : index.manifests()) {
      if (seen.add(child.digest())) {
        RawManifest manifest = read.apply(child);
        addChildren(manifest, read, seen, ordered, depth + 1);
        ordered.add(manifest);
      }
    }
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
    String from = "registry " + reference.registry() + " (" + repository.repository() + ")";
    List<RawManifest> children =
        children(
            top,
            child ->
                RawManifest.checked(
                    failures
                        .retry(
                            "read " + child.digest(),
                            () -> connection.manifests().get(repository, child.digest()),
                            events)
                        .bytes(),
                    child,
                    from));
    BlobSource blobs =
        blob -> {
          ContentDigest digest = ContentDigest.parse(blob.digest(), from);
          InputStream content;
          try {
            content = connection.blobs().open(repository, blob.digest());
          } catch (RuntimeException e) {
            if (RegistryFailures.isNotFound(e)) {
              throw ImageException.failure(
                  from + " lacks blob " + blob.digest() + ", which its manifest names", e);
            }
            throw e;
          }
          return new VerifiedStream(
              content, digest, blob.size(), "blob " + blob.digest() + " from " + from);
        };
    return new OpenedImage(blobs, top, children, repository, null);
  }
}
