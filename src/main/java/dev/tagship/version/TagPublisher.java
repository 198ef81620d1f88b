package dev.tagship.version;

import java.io.IOException;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;

/** Creates annotated version tags and pushes them, never moving or overwriting a tag. */
final class TagPublisher {

  /** How a push of one tag ended. */
  enum PushOutcome {
    PUSHED,
    /** Another build took this tag name first. */
    TAKEN,
    /** The remote was updating the ref for another push at the same moment; try again. */
    BUSY
  }

  private final Git git;

  TagPublisher(Git git) {
    this.git = git;
  }

  void create(String tagName, RevCommit commit, String message) {
    try {
      git.tag()
          .setName(tagName)
          .setObjectId(commit)
          .setAnnotated(true)
          .setMessage(message)
          .setTagger(new PersonIdent(git.getRepository()))
          .setForceUpdate(false)
          .call();
    } catch (GitAPIException e) {
      throw VersionException.failure("could not create tag " + tagName + ": " + e.getMessage(), e);
    }
  }

  /** Removes a tag this run created and could not publish, so no half-done state is left. */
  void deleteUnpublished(String tagName) {
    try {
      RefUpdate update = git.getRepository().updateRef(Constants.R_TAGS + tagName);
      update.setForceUpdate(true);
      update.delete();
    } catch (IOException e) {
      throw VersionException.failure(
          "could not remove the unpublished local tag "
              + tagName
              + "; delete it with `git tag -d "
              + tagName
              + "`",
          e);
    }
  }

  PushOutcome push(GitRemote remote, String tagName) {
    String ref = Constants.R_TAGS + tagName;
    Iterable<PushResult> results;
    try {
      results =
          git.push()
              .setRemote(remote.name())
              .setRefSpecs(new RefSpec(ref + ":" + ref))
              .setForce(false)
              .setAtomic(true)
              .setCredentialsProvider(remote.credentialsProvider())
              .call();
    } catch (GitAPIException e) {
      throw remote.failure("push tag " + tagName + " to", e);
    }
    for (PushResult result : results) {
      RemoteRefUpdate update = result.getRemoteUpdate(ref);
      if (update == null) {
        continue;
      }
      switch (update.getStatus()) {
        case OK, UP_TO_DATE -> {
          return PushOutcome.PUSHED;
        }
        case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED -> {
          return PushOutcome.TAKEN;
        }
        case REJECTED_OTHER_REASON -> {
          String reason = update.getMessage() == null ? "" : update.getMessage();
          if (reason.contains("already exists") || reason.contains("non-fast-forward")) {
            return PushOutcome.TAKEN;
          }
          if (reason.contains("lock")) {
            return PushOutcome.BUSY;
          }
          throw VersionException.failure(
              "remote '" + remote.name() + "' refused tag " + tagName + ": " + reason);
        }
        default ->
            throw VersionException.failure(
                "remote '"
                    + remote.name()
                    + "' did not take tag "
                    + tagName
                    + " ("
                    + update.getStatus()
                    + (update.getMessage() == null ? "" : ": " + update.getMessage())
                    + ")");
      }
    }
    throw VersionException.failure(
        "remote '" + remote.name() + "' gave no answer for tag " + tagName);
  }
}
