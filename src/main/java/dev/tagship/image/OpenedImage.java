package dev.tagship.image;

import dev.tagship.core.Folders;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A source image ready to be read: where its blobs are, and its top-level manifest or index as raw
 * bytes. Closing it deletes the temporary folder an archive was unpacked into.
 *
 * @param sourceRepository the repository when the source is a registry (so blobs can be mounted
 *     within the same registry); null otherwise
 * @param sourceManifests reads manifests when the source is a registry; null for a layout, whose
 *     manifests are blobs
 */
record OpenedImage(
    BlobSource blobs,
    RawManifest top,
    RepositoryRef sourceRepository,
    ManifestClient sourceManifests,
    Path tempDir)
    implements AutoCloseable {

  String digest() {
    return top.digest();
  }

  String mediaType() {
    return top.mediaType();
  }

  /** A manifest the top-level index points at, exactly as stored. */
  RawManifest manifest(String digest, String mediaType) {
    if (sourceManifests != null) {
      return sourceManifests.get(sourceRepository, digest);
    }
    return RawManifest.of(blobs.read(digest), mediaType);
  }

  static void deleteTree(Path dir) {
    if (dir == null) {
      return;
    }
    try {
      Folders.deleteRecursively(dir);
    } catch (IOException e) {
      // best effort: the folder is under the system temp folder
    }
  }

  @Override
  public void close() {
    deleteTree(tempDir);
  }
}
