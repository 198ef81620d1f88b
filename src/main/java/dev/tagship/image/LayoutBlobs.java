package dev.tagship.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The files of an OCI image layout ({@code index.json}, {@code blobs/<algorithm>/<hex>}), read only
 * from inside the layout: a file or link that resolves outside its real path is refused, so a
 * layout cannot make tagship publish {@code ~/.ssh/id_rsa} as a layer.
 */
final class LayoutBlobs implements BlobSource {

  /**
   * The largest manifest, index or index.json read into memory: 4 MiB, the limit of
   * containers/image (iolimits.MaxManifestBodySize) and of the distribution registry itself, so a
   * manifest over it could not be pushed anyway.
   */
  static final int MAX_MANIFEST_BYTES = 4 << 20;

  private final Path directory;
  private final Path root;

  private LayoutBlobs(Path directory, Path root) {
    this.directory = directory;
    this.root = root;
  }

  static LayoutBlobs of(Path directory) {
    try {
      return new LayoutBlobs(directory, directory.toRealPath());
    } catch (NoSuchFileException e) {
      throw ImageException.usage("OCI image layout " + directory + " does not exist");
    } catch (IOException e) {
      throw ImageException.failure("cannot read " + directory + ": " + e.getMessage(), e);
    }
  }

  Path directory() {
    return directory;
  }

  /** The bytes of {@code index.json}; null when the layout has none. */
  byte[] readIndex() {
    Path file = directory.resolve("index.json");
    if (!Files.exists(file)) {
      return null;
    }
    Path real = inside(file, "index.json");
    try {
      long size = Files.size(real);
      if (size > MAX_MANIFEST_BYTES) {
        throw ImageException.failure(
            file
                + " has "
                + size
                + " bytes; an index.json over "
                + MAX_MANIFEST_BYTES
                + " is refused");
      }
      return Files.readAllBytes(real);
    } catch (IOException e) {
      throw ImageException.failure("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The real path of the blob's file, after checking that it is there, inside the layout, a regular
   * file, and of the descriptor's size: a layout that fails here is refused before any upload.
   */
  Path locate(RawManifest.Target blob) {
    ContentDigest digest = ContentDigest.parse(blob.digest(), "layout " + directory);
    Path file = directory.resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex());
    Path real = inside(file, "blob " + digest);
    if (!Files.isRegularFile(real)) {
      throw ImageException.failure(
          "layout " + directory + " is damaged: blob " + digest + " (" + file + ") is not a file");
    }
    long size;
    try {
      size = Files.size(real);
    } catch (IOException e) {
      throw ImageException.failure("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (blob.size() >= 0 && size != blob.size()) {
      throw ImageException.failure(
          "layout "
              + directory
              + " is damaged: blob "
              + digest
              + " ("
              + file
              + ") has "
              + size
              + " bytes, not the "
              + blob.size()
              + " its manifest gives");
    }
    return real;
  }

  @Override
  public InputStream open(RawManifest.Target blob) {
    Path real = locate(blob);
    ContentDigest digest = ContentDigest.parse(blob.digest(), "layout " + directory);
    String what =
        "blob "
            + digest
            + " ("
            + directory.resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex())
            + ")";
    try {
      return new VerifiedStream(
          Files.newInputStream(real, LinkOption.NOFOLLOW_LINKS), digest, blob.size(), what);
    } catch (IOException e) {
      throw ImageException.failure("cannot read " + real + ": " + e.getMessage(), e);
    }
  }

  /** A manifest or index named by {@code descriptor}, read whole and verified. */
  RawManifest readManifest(RawManifest.Target descriptor) {
    if (descriptor.size() > MAX_MANIFEST_BYTES) {
      throw ImageException.failure(
          "layout "
              + directory
              + " names a manifest "
              + descriptor.digest()
              + " of "
              + descriptor.size()
              + " bytes; manifests over "
              + MAX_MANIFEST_BYTES
              + " bytes are refused");
    }
    try (InputStream in = open(descriptor)) {
      return RawManifest.verified(in.readAllBytes(), descriptor);
    } catch (ContentMismatchException e) {
      throw ImageException.failure("layout " + directory + " is damaged: " + e.getMessage(), e);
    } catch (IOException e) {
      throw ImageException.failure(
          "cannot read manifest "
              + descriptor.digest()
              + " in "
              + directory
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** The real path of {@code file}, refused when it is missing or resolves outside the layout. */
  private Path inside(Path file, String what) {
    Path real;
    try {
      real = file.toRealPath();
    } catch (NoSuchFileException e) {
      throw ImageException.failure(
          "layout " + directory + " is incomplete: it lacks " + what + " (" + file + ")");
    } catch (IOException e) {
      throw ImageException.failure("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (!real.startsWith(root)) {
      throw ImageException.failure(
          "layout "
              + directory
              + ": "
              + what
              + " ("
              + file
              + ") is a link to "
              + real
              + ", outside the layout; tagship reads only files inside it: copy the file into the"
              + " layout instead of linking it");
    }
    return real;
  }
}
