package dev.tagship.image;

import java.io.InputStream;

/** Where a source image's blobs are read from: an OCI layout's files, or a registry. */
interface BlobSource {

  /**
   * Streams the blob {@code blob} describes; the stream fails before its last bytes unless the
   * content has the descriptor's digest and size. The caller closes it.
   */
  InputStream open(RawManifest.Target blob);
}
