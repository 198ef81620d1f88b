package dev.tagship.version;

import dev.tagship.core.Event;
import dev.tagship.core.EventListener;
import dev.tagship.version.TagPublisher.PushOutcome;
import dev.tagship.version.VersionCalculator.Calculation;
import java.io.IOException;
import java.util.Set;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * The front door of git-tag versioning: computes the version of HEAD from the tags reachable from
 * it and, when asked, tags HEAD and pushes the tag. Safe to re-run (a tagged HEAD keeps its
 * version) and safe to race (a push another build beat is retried with the next free version, and
 * no tag is ever moved or deleted on the remote).
 */
public final class Versioner {

  private static final int MAX_PUSH_ATTEMPTS = 10;

  private final EventListener events;

  public Versioner(EventListener events) {
    this.events = events;
  }

  public VersionResult version(VersionRequest request) {
    try (Repository repository = open(request);
        Git git = new Git(repository)) {
      return version(request, repository, git);
    } catch (IOException e) {
      throw VersionException.failure(
          "could not read the git repository at " + request.repository() + ": " + e.getMessage(),
          e);
    }
  }

  private VersionResult version(VersionRequest request, Repository repository, Git git)
      throws IOException {
    ObjectId headId = repository.resolve(Constants.HEAD);
    if (headId == null) {
      throw VersionException.failure(
          "the repository at " + repository.getWorkTree() + " has no commits yet; commit first");
    }
    TagNaming naming = TagNaming.of(request);
    GitRemote remote = GitRemote.find(repository, request);
    if (remote == null && request.push()) {
      throw VersionException.failure(
          "cannot push: the repository has no remote '"
              + request.remote()
              + "'; add it with `git remote add "
              + request.remote()
              + " URL` or name another with --remote");
    }
    boolean shallow = !repository.getObjectDatabase().getShallowCommits().isEmpty();
    RemoteSync sync = remote == null ? null : new RemoteSync(git, remote, events);
    Set<String> remoteTags = null;
    if (sync != null && request.fetch()) {
      remoteTags = sync.fetchTags(naming.refPrefix(), shallow);
    } else if (shallow) {
      events.on(
          Event.warn(
              "Shallow clone and no fetch from a remote: tags below the shallow boundary are"
                  + " not seen, so the version may be too low"));
    }
    String branch = BranchName.of(repository, request);
    TagPublisher publisher = new TagPublisher(git);
    for (int attempt = 1; attempt <= MAX_PUSH_ATTEMPTS; attempt++) {
      Calculation calculation;
      RevCommit head;
      try (RevWalk walk = new RevWalk(repository)) {
        head = walk.parseCommit(headId);
        VersionTags tags = VersionTags.read(repository, walk, naming);
        Set<ObjectId> shallowCommits = repository.getObjectDatabase().getShallowCommits();
        calculation =
            new VersionCalculator(walk, tags, shallowCommits)
                .calculate(head, request, branch, naming, name -> tagExists(repository, name));
      }
      if (calculation.historyIncomplete()) {
        events.on(
            Event.warn(
                "History is cut short by a shallow clone; the version is computed from the tags"
                    + " it reaches"));
      }
      String tagName = naming.tagName(calculation.version());
      if (calculation.headTagged()) {
        boolean pushed = false;
        if (request.push() && remoteTags != null && !remoteTags.contains(tagName)) {
          events.on(Event.info("HEAD is tagged " + tagName + " but the remote lacks it; pushing"));
          pushed = publisher.push(remote, tagName) == PushOutcome.PUSHED;
          if (!pushed) {
            events.on(
                Event.warn(
                    "The remote has another tag named "
                        + tagName
                        + "; the local one was not pushed. Compare them with `git ls-remote"
                        + " --tags`"));
          }
        } else {
          events.on(Event.info("HEAD is already tagged " + tagName + "; nothing new to tag"));
        }
        return result(calculation, tagName, head, branch, false, pushed);
      }
      if (!request.tag() || !calculation.release() || !calculation.changed()) {
        explainNoTag(request, calculation, branch);
        return result(calculation, tagName, head, branch, false, false);
      }
      publisher.create(tagName, head, tagMessage(request, calculation, head, branch));
      events.on(Event.info("Tagged " + head.abbreviate(8).name() + " as " + tagName));
      if (!request.push()) {
        return result(calculation, tagName, head, branch, true, false);
      }
      PushOutcome outcome;
      try {
        outcome = publisher.push(remote, tagName);
      } catch (RuntimeException e) {
        publisher.deleteUnpublished(tagName);
        throw e;
      }
      if (outcome == PushOutcome.PUSHED) {
        events.on(Event.info("Pushed " + tagName + " to " + remote.name()));
        return result(calculation, tagName, head, branch, true, true);
      }
      publisher.deleteUnpublished(tagName);
      if (outcome == PushOutcome.TAKEN) {
        events.on(
            Event.warn(
                "Another build pushed "
                    + tagName
                    + " first; fetching tags and taking the next"
                    + " free version"));
      } else {
        events.on(
            Event.warn(
                "The remote was busy with another push of "
                    + tagName
                    + "; fetching tags and trying again"));
        pause(attempt);
      }
      remoteTags = sync.fetchTags(naming.refPrefix(), false);
    }
    throw VersionException.failure(
        "gave up after "
            + MAX_PUSH_ATTEMPTS
            + " attempts to push a free version tag: other builds kept taking them; run again");
  }

  /** Backs off a little longer each time, with jitter, so racing builds spread out. */
  private static void pause(int attempt) {
    long millis = 100L * attempt + java.util.concurrent.ThreadLocalRandom.current().nextLong(100);
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw VersionException.failure("interrupted while waiting to push a tag again", e);
    }
  }

  private void explainNoTag(VersionRequest request, Calculation calculation, String branch) {
    if (!request.tag()) {
      return;
    }
    if (!calculation.changed()) {
      events.on(
          Event.info("No change under " + request.paths() + " since the last tag; not tagged"));
    } else if (!calculation.release()) {
      events.on(
          Event.info(
              "Branch '"
                  + branch
                  + "' is not a release branch ("
                  + request.releaseBranch()
                  + "); pre-release versions are not tagged"));
    }
  }

  private static VersionResult result(
      Calculation calculation,
      String tagName,
      RevCommit head,
      String branch,
      boolean created,
      boolean pushed) {
    return new VersionResult(
        calculation.version().toString(),
        tagName,
        calculation.previous() == null ? null : calculation.previous().name(),
        head.name(),
        branch,
        calculation.release(),
        calculation.changed(),
        created,
        pushed,
        calculation.commitsSinceTag());
  }

  private static String tagMessage(
      VersionRequest request, Calculation calculation, RevCommit head, String branch) {
    StringBuilder message = new StringBuilder("Release ");
    if (request.component() != null) {
      message.append(request.component()).append(' ');
    }
    message.append(calculation.version()).append("\n\n");
    message.append("commit: ").append(head.name()).append('\n');
    message.append("branch: ").append(branch).append('\n');
    if (calculation.previous() != null) {
      message.append("previous: ").append(calculation.previous().name()).append('\n');
    }
    if (request.buildUrl() != null) {
      message.append("build: ").append(request.buildUrl()).append('\n');
    }
    return message.toString();
  }

  private static boolean tagExists(Repository repository, String tagName) {
    try {
      return repository.exactRef(Constants.R_TAGS + tagName) != null;
    } catch (IOException e) {
      throw VersionException.failure("could not read tag " + tagName + ": " + e.getMessage(), e);
    }
  }

  private static Repository open(VersionRequest request) throws IOException {
    FileRepositoryBuilder builder =
        new FileRepositoryBuilder()
            .findGitDir(request.repository().toAbsolutePath().toFile())
            .setMustExist(true);
    if (builder.getGitDir() == null) {
      throw VersionException.failure(
          request.repository()
              + " is not inside a git repository; run in a clone or pass --repo with the"
              + " clone's folder");
    }
    return builder.build();
  }
}
