package dev.tagship.image;

import dev.tagship.core.DaemonThreads;
import dev.tagship.core.Event;
import dev.tagship.core.EventListener;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The front door of image publishing: copies an image into a registry as it is (same manifest
 * digest as the source), then writes its tags in a safe order: version tags first, each verified by
 * digest, floating tags such as {@code latest} only after that. A version tag that already points
 * at another image is never overwritten; re-publishing the same image writes nothing.
 */
public final class ImagePublisher {

  private final EventListener events;
  private final long retryDelayMillis;

  public ImagePublisher(EventListener events) {
    this(events, 200);
  }

  /** With another first retry delay, for tests of fault handling. */
  ImagePublisher(EventListener events, long retryDelayMillis) {
    this.events = events;
    this.retryDelayMillis = retryDelayMillis;
  }

  public PublishResult publish(PublishRequest request) {
    ExecutorService executor = daemonPool(request.parallelism());
    try (OpenedImage image =
        new SourceOpener(executor, events).open(request.source(), request.sourceAccess())) {
      return publish(request, image, executor);
    } finally {
      executor.shutdownNow();
    }
  }

  private PublishResult publish(
      PublishRequest request, OpenedImage image, ExecutorService executor) {
    RegistryFailures failures = new RegistryFailures(request.registry(), retryDelayMillis);
    RegistryConnector.RegistryConnection target =
        RegistryConnector.connect(request.access(), request.registry());
    RepositoryRef repository = new RepositoryRef(request.registry(), request.repository());
    String name = repository.toString();
    TagPlan plan = TagPlan.of(request.tags());
    Map<String, String> current =
        currentDigests(target.manifests(), repository, plan, failures, executor);
    for (String tag : plan.versionTags()) {
      String existing = current.get(tag);
      if (existing != null && !existing.equals(image.digest())) {
        throw ImageException.failure(
            "version tag "
                + tag
                + " already points at "
                + existing
                + " in "
                + name
                + ", not at this image ("
                + image.digest()
                + "). Version tags are never moved:"
                + " give the new image a new version");
      }
    }
    List<String> ordered = plan.inOrder();
    if (ordered.stream().allMatch(tag -> image.digest().equals(current.get(tag)))) {
      events.on(
          Event.info(
              "Already published: "
                  + name
                  + " "
                  + ordered
                  + " -> "
                  + image.digest()
                  + "; nothing to do"));
      return result(request, image, ordered, null);
    }
    ContentCopier copier =
        new ContentCopier(
            target.blobs(), target.manifests(), repository, executor, events, failures);
    copier.copy(image);
    for (String tag : ordered) {
      if (!image.digest().equals(current.get(tag))) {
        writeTag(target.manifests(), repository, tag, image, failures);
      }
    }
    return result(request, image, ordered, copier);
  }

  /** Writes one tag and reads it back; a tag that does not read back stops everything after it. */
  private void writeTag(
      ManifestClient manifests,
      RepositoryRef repository,
      String tag,
      OpenedImage image,
      RegistryFailures failures) {
    failures.retry(
        "tag " + tag,
        () -> {
          manifests.put(repository, tag, image.top());
          return null;
        },
        events);
    String verified =
        failures.retry("verify tag " + tag, () -> manifests.get(repository, tag), events).digest();
    if (!image.digest().equals(verified)) {
      throw ImageException.failure(
          "tag "
              + tag
              + " reads back as "
              + verified
              + ", not "
              + image.digest()
              + "; the tags after it were not moved");
    }
    events.on(Event.info("Tagged " + repository + ":" + tag + " -> " + image.digest()));
  }

  /** The digest each tag points at now (read in parallel), or no entry for a missing tag. */
  private Map<String, String> currentDigests(
      ManifestClient manifests,
      RepositoryRef repository,
      TagPlan plan,
      RegistryFailures failures,
      ExecutorService executor) {
    Map<String, Future<String>> reads = new LinkedHashMap<>();
    for (String tag : plan.inOrder()) {
      reads.put(tag, executor.submit(() -> currentDigest(manifests, repository, tag, failures)));
    }
    Map<String, String> digests = new LinkedHashMap<>();
    for (Map.Entry<String, Future<String>> read : reads.entrySet()) {
      String digest = await(read.getValue());
      if (digest != null) {
        digests.put(read.getKey(), digest);
      }
    }
    return digests;
  }

  private String currentDigest(
      ManifestClient manifests, RepositoryRef repository, String tag, RegistryFailures failures) {
    try {
      return failures
          .retry("read tag " + tag, () -> manifests.get(repository, tag), events)
          .digest();
    } catch (ImageException e) {
      if (e.getCause() instanceof RuntimeException cause && RegistryFailures.isNotFound(cause)) {
        return null;
      }
      throw e;
    }
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.get();
    } catch (ExecutionException e) {
      throw ImageException.ofTask(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ImageException.failure("interrupted while reading tags", e);
    }
  }

  private static PublishResult result(
      PublishRequest request, OpenedImage image, List<String> tags, ContentCopier copier) {
    return new PublishResult(
        request.registry(),
        request.repository(),
        image.digest(),
        image.mediaType(),
        new ArrayList<>(tags),
        copier == null ? 0 : copier.bytesUploaded(),
        copier == null ? 0 : copier.uploaded(),
        copier == null ? 0 : copier.mounted(),
        copier == null ? 0 : copier.present(),
        copier == null);
  }

  private static ExecutorService daemonPool(int threads) {
    return Executors.newFixedThreadPool(threads, DaemonThreads.named("tagship-push"));
  }
}
