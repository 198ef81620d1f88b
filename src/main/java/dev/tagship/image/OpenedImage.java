package dev.tagship.image;

import dev.tagship.core.Folders;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A source image ready to be copied: where its blobs are, its top-level manifest or index as raw
 * bytes, and every manifest below an index, each already read and checked against the digest and
 * size its index gives. Closing it deletes the temporary folder an archive was unpacked into.
 *
 * @param children the manifests (and nested indexes) below {@code top}, each before any index that
 *     points at it; empty for a single manifest
 * @param sourceRepository the repository when the source is a registry (so blobs can be mounted
 *     within the same registry); null otherwise
 */
record OpenedImage(
    BlobSource blobs,
    RawManifest top,
    List<RawManifest> children,
    RepositoryRef sourceRepository,
    Path tempDir)
    implements AutoCloseable {

  OpenedImage {
    children = List.copyOf(children);
  }

  String digest() {
    return top.digest();
  }

  String mediaType() {
    return top.mediaType();
  }

  /**
   * The config and layers of every image manifest, once each, every one with a digest and a size: a
   * manifest without them is refused before anything is copied.
   */
  List<RawManifest.Target> blobTargets() {
    Map<String, RawManifest.Target> blobs = new LinkedHashMap<>();
    List<RawManifest> manifests = new ArrayList<>(children);
    manifests.add(top);
    for (RawManifest manifest : manifests) {
      if (manifest.isIndex()) {
        continue;
      }
      for (RawManifest.Target blob : manifest.blobs()) {
        ContentDigest.parse(blob.digest(), "the image's manifest " + manifest.digest());
        if (blob.size() < 0) {
          throw ImageException.failure(
              "the image's manifest "
                  + manifest.digest()
                  + " gives no size for blob "
                  + blob.digest()
                  + ": it is not a valid manifest");
        }
        blobs.putIfAbsent(blob.digest(), blob);
      }
    }
    return List.copyOf(blobs.values());
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
