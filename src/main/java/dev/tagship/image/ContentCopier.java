package dev.tagship.image;

import dev.tagship.core.Event;
import dev.tagship.core.EventListener;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Copies an image's blobs and manifests into a registry repository by digest, as they are: only
 * blobs the registry lacks move (mounted from another repository of the same registry where
 * possible), in parallel, each retried on transient faults. Tags are not touched here.
 */
final class ContentCopier {

  static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";

  private final BlobClient blobs;
  private final ManifestClient manifests;
  private final RepositoryRef repository;
  private final ExecutorService executor;
  private final EventListener events;
  private final RegistryFailures failures;
  private final AtomicLong bytesUploaded = new AtomicLong();
  private final AtomicInteger uploaded = new AtomicInteger();
  private final AtomicInteger mounted = new AtomicInteger();
  private final AtomicInteger present = new AtomicInteger();

  ContentCopier(
      BlobClient blobs,
      ManifestClient manifests,
      RepositoryRef repository,
      ExecutorService executor,
      EventListener events,
      RegistryFailures failures) {
    this.blobs = blobs;
    this.manifests = manifests;
    this.repository = repository;
    this.executor = executor;
    this.events = events;
    this.failures = failures;
  }

  long bytesUploaded() {
    return bytesUploaded.get();
  }

  int uploaded() {
    return uploaded.get();
  }

  int mounted() {
    return mounted.get();
  }

  int present() {
    return present.get();
  }

  /**
   * Copies the image by digest: every blob first (each checked against its digest and size as it
   * streams), then the manifests below an index, then the top one. A blob that is not what its
   * manifest says stops the copy before any manifest is written, so nothing can be tagged.
   */
  void copy(OpenedImage image) {
    List<Future<?>> transfers = new ArrayList<>();
    for (RawManifest.Target blob : image.blobTargets()) {
      transfers.add(executor.submit(() -> copyBlob(image, blob)));
    }
    try {
      awaitAll(transfers);
    } catch (ImageException e) {
      throw ImageException.failure(
          e.getMessage() + ". The push stopped before writing any manifest or tag", e);
    }
    for (RawManifest child : image.children()) {
      putByDigest(child);
    }
    putByDigest(image.top());
  }

  static boolean isIndex(String mediaType) {
    return OCI_INDEX.equals(mediaType) || DOCKER_LIST.equals(mediaType);
  }

  private void putByDigest(RawManifest manifest) {
    failures.retry(
        "push manifest " + shortDigest(manifest.digest()),
        () -> {
          manifests.put(repository, manifest.digest(), manifest);
          return null;
        },
        events);
  }

  private void copyBlob(OpenedImage image, RawManifest.Target blob) {
    String digest = blob.digest();
    String shortDigest = shortDigest(digest);
    if (failures.retry(
        "check blob " + shortDigest, () -> blobs.exists(repository, digest), events)) {
      present.incrementAndGet();
      events.on(Event.info("Layer " + shortDigest + " already in the registry"));
      return;
    }
    RepositoryRef source = image.sourceRepository();
    if (source != null
        && source.registry().equals(repository.registry())
        && mount(digest, source)) {
      mounted.incrementAndGet();
      events.on(Event.info("Layer " + shortDigest + " mounted from " + source.repository()));
      return;
    }
    long size = blob.size();
    long started = System.nanoTime();
    events.on(Event.info("Uploading " + shortDigest + " (" + Sizes.human(size) + ")"));
    failures.retry(
        "upload blob " + shortDigest,
        () -> {
          blobs.upload(
              repository,
              digest,
              new RegistryHttp.Body() {
                @Override
                public long length() {
                  return size;
                }

                @Override
                public InputStream open() {
                  return new ProgressStream(
                      image.blobs().open(blob), "Uploading " + shortDigest, size, events);
                }
              });
          return null;
        },
        events);
    bytesUploaded.addAndGet(size);
    uploaded.incrementAndGet();
    double seconds = Math.max((System.nanoTime() - started) / 1e9, 1e-3);
    events.on(
        Event.info(
            String.format(
                "Uploaded %s %s in %.1f s (%s/s)",
                shortDigest, Sizes.human(size), seconds, Sizes.human((long) (size / seconds)))));
  }

  private boolean mount(String digest, RepositoryRef source) {
    try {
      return blobs.mount(repository, digest, source);
    } catch (RuntimeException notMountable) {
      return false; // a registry may refuse cross-repository mounts; upload instead
    }
  }

  private static void awaitAll(List<Future<?>> futures) {
    RuntimeException first = null;
    for (Future<?> future : futures) {
      try {
        future.get();
      } catch (ExecutionException e) {
        if (first == null) {
          first = ImageException.ofTask(e);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw ImageException.failure("interrupted while uploading layers", e);
      }
    }
    if (first != null) {
      throw first;
    }
  }

  static String shortDigest(String digest) {
    return digest.length() > 19 ? digest.substring(0, 19) : digest;
  }
}
