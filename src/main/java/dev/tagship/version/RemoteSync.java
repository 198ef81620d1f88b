package dev.tagship.version;

import dev.tagship.core.Event;
import dev.tagship.core.EventListener;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.jgit.api.FetchCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.TrackingRefUpdate;

/**
 * Brings the remote's version tags (and, for a shallow clone, the history they sit on) into the
 * local repository. CI clones are often shallow or tagless, and another build may have pushed a tag
 * since the clone, so the remote is the source of truth.
 */
final class RemoteSync {

  private final Git git;
  private final GitRemote remote;
  private final EventListener events;

  RemoteSync(Git git, GitRemote remote, EventListener events) {
    this.git = git;
    this.remote = remote;
    this.events = events;
  }

  /**
   * Fetches the tags under {@code refPrefix}; returns the tag names the remote has there. Local
   * tags are never moved: a tag that differs from the remote's is reported and left alone.
   */
  Set<String> fetchTags(String refPrefix, boolean unshallow) {
    String pattern = refPrefix + "*";
    List<RefSpec> refSpecs = new ArrayList<>(List.of(new RefSpec(pattern + ":" + pattern)));
    if (unshallow) {
      // The server deepens only the history of refs it is asked for, so ask for the branches.
      refSpecs.add(
          new RefSpec("+" + Constants.R_HEADS + "*:" + Constants.R_REMOTES + remote.name() + "/*"));
    }
    FetchCommand fetch =
        git.fetch()
            .setRemote(remote.name())
            .setRefSpecs(refSpecs)
            .setTagOpt(TagOpt.NO_TAGS)
            .setRemoveDeletedRefs(false)
            .setCredentialsProvider(remote.credentialsProvider());
    if (unshallow) {
      fetch.setUnshallow(true);
      events.on(Event.info("Shallow clone: fetching the history behind its version tags"));
    }
    FetchResult result;
    try {
      result = fetch.call();
    } catch (GitAPIException e) {
      throw remote.failure("fetch tags from", e);
    }
    int fetched = 0;
    for (TrackingRefUpdate update : result.getTrackingRefUpdates()) {
      switch (update.getResult()) {
        case NEW, FAST_FORWARD, FORCED -> {
          if (update.getLocalName().startsWith(Constants.R_TAGS)) {
            fetched++;
          }
        }
        case REJECTED, LOCK_FAILURE, IO_FAILURE, REJECTED_OTHER_REASON ->
            events.on(
                Event.warn(
                    "Local tag "
                        + shortName(update.getLocalName())
                        + " differs from the remote's and was left as it is"));
        default -> {}
      }
    }
    if (fetched > 0) {
      events.on(Event.info("Fetched " + fetched + " tag(s) from " + remote.name()));
    }
    Set<String> remoteTags = new HashSet<>();
    for (Ref ref : result.getAdvertisedRefs()) {
      if (ref.getName().startsWith(refPrefix)) {
        remoteTags.add(shortName(ref.getName()));
      }
    }
    return remoteTags;
  }

  boolean isShallow() throws IOException {
    return !git.getRepository().getObjectDatabase().getShallowCommits().isEmpty();
  }

  private static String shortName(String refName) {
    return refName.startsWith(Constants.R_TAGS)
        ? refName.substring(Constants.R_TAGS.length())
        : refName;
  }
}
