package dev.tagship.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Where a source image's blobs are read from: an OCI layout's files, or a registry. */
interface BlobSource {

  /** Streams the blob; the caller closes it. */
  InputStream open(String digest);

  default byte[] read(String digest) {
    try (InputStream in = open(digest)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("reading blob " + digest + ": " + e.getMessage(), e);
    }
  }
}
