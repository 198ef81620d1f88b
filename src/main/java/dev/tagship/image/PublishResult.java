package dev.tagship.image;

import java.util.List;

/**
 * What was published.
 *
 * @param digest the manifest digest, the same as the source's
 * @param tags every tag now pointing at {@code digest}, version tags first
 * @param bytesUploaded bytes of blobs sent to the registry (0 when it had them all)
 * @param blobsUploaded blobs sent
 * @param blobsMounted blobs mounted from another repository of the same registry
 * @param blobsPresent blobs the registry already had
 * @param unchanged true when every tag already pointed at this image: nothing was written
 */
public record PublishResult(
    String registry,
    String repository,
    String digest,
    String mediaType,
    List<String> tags,
    long bytesUploaded,
    int blobsUploaded,
    int blobsMounted,
    int blobsPresent,
    boolean unchanged) {

  /** {@code registry/repository@digest}, the reference that never moves. */
  public String reference() {
    return registry + "/" + repository + "@" + digest;
  }
}
