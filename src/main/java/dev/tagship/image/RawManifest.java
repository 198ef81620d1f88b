package dev.tagship.image;

import dev.tagship.core.JsonTree;
import dev.tagship.core.Sha256;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A manifest or index exactly as stored: its bytes (whose sha256 is its digest), its media type,
 * and what it points at.
 */
record RawManifest(byte[] bytes, String mediaType, String digest) {

  /** One blob or child manifest a manifest points at. */
  record Target(String digest, long size, String mediaType) {}

  static RawManifest of(byte[] bytes, String mediaType) {
    String type = mediaType;
    if (type == null || type.isBlank() || type.startsWith("application/json")) {
      type = tree(bytes).path("mediaType").asText("application/vnd.oci.image.manifest.v1+json");
    }
    int parameters = type.indexOf(';');
    if (parameters >= 0) {
      type = type.substring(0, parameters).trim();
    }
    return new RawManifest(bytes, type, "sha256:" + Sha256.hex(bytes));
  }

  /**
   * The manifest {@code descriptor} names, from {@code bytes} that were read through a {@link
   * VerifiedStream} for it: stored under the descriptor's digest (which may be sha512).
   */
  static RawManifest verified(byte[] bytes, Target descriptor) {
    return new RawManifest(
        bytes, of(bytes, descriptor.mediaType()).mediaType(), descriptor.digest());
  }

  /**
   * {@code bytes} as the manifest {@code descriptor} names, after checking them against its digest
   * and size; {@code from} says where they came from, for the message.
   */
  static RawManifest checked(byte[] bytes, Target descriptor, String from) {
    ContentDigest expected = ContentDigest.parse(descriptor.digest(), from);
    String actual = expected.of(bytes);
    if (!actual.equals(descriptor.digest()) || bytes.length != descriptor.size()) {
      throw ImageException.failure(
          from
              + " gave "
              + bytes.length
              + " bytes with the digest "
              + actual
              + " for manifest "
              + descriptor.digest()
              + " of "
              + descriptor.size()
              + " bytes");
    }
    return verified(bytes, descriptor);
  }

  boolean isIndex() {
    return ContentCopier.isIndex(mediaType);
  }

  /** The config and layers of a manifest. */
  List<Target> blobs() {
    JsonTree tree = tree(bytes);
    List<Target> blobs = new ArrayList<>();
    blobs.add(target(tree.path("config")));
    for (JsonTree layer : tree.path("layers")) {
      blobs.add(target(layer));
    }
    return blobs;
  }

  /** The manifests of an index. */
  List<Target> manifests() {
    List<Target> manifests = new ArrayList<>();
    for (JsonTree manifest : tree(bytes).path("manifests")) {
      manifests.add(target(manifest));
    }
    return manifests;
  }

  private static Target target(JsonTree node) {
    return new Target(
        node.path("digest").asText(),
        node.path("size").asLong(-1),
        node.path("mediaType").asText());
  }

  private static JsonTree tree(byte[] bytes) {
    try {
      return JsonTree.parse(bytes);
    } catch (IOException e) {
      throw ImageException.failure("the image's manifest is not JSON: " + e.getMessage(), e);
    }
  }
}
