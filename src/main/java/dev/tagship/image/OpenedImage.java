package dev.tagship.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import land.oras.ContainerRef;
import land.oras.OCI;
import land.oras.Ref;

/**
 * A source image ready to be read: an ORAS store (an OCI layout or a registry) for blobs, and its
 * top-level manifest or index as raw bytes. Closing it deletes the temporary folder an archive was
 * unpacked into.
 *
 * @param sourceRegistry the registry host when the source is a registry (so blobs can be mounted);
 *     null otherwise
 * @param sourceManifests reads manifests when the source is a registry; null for a layout, whose
 *     manifests are blobs
 */
record OpenedImage<R extends Ref<R>>(
    OCI<R> store,
    R ref,
    RawManifest top,
    String sourceRegistry,
    ManifestClient sourceManifests,
    Path tempDir)
    implements AutoCloseable {

  R blob(String blobDigest) {
    return ref.withDigest(blobDigest);
  }

  String digest() {
    return top.digest();
  }

  String mediaType() {
    return top.mediaType();
  }

  /** A manifest the top-level index points at, exactly as stored. */
  RawManifest manifest(String digest, String mediaType) {
    if (sourceManifests != null) {
      return sourceManifests.get((ContainerRef) ref.withDigest(digest));
    }
    return RawManifest.of(store.getBlob(ref.withDigest(digest)), mediaType);
  }

  static void deleteTree(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(OpenedImage::deleteQuietly);
    } catch (IOException e) {
      // best effort: the folder is under the system temp folder
    }
  }

  @Override
  public void close() {
    deleteTree(tempDir);
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // best effort
    }
  }
}
