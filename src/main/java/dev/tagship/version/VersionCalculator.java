package dev.tagship.version;

import dev.tagship.version.VersionTags.VersionTag;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevFlag;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * Computes the version of HEAD from the tags reachable from it. Pure reading: it never changes the
 * repository, so it can be run again after a fetch.
 */
final class VersionCalculator {

  /** The outcome of one computation. */
  record Calculation(
      SemVer version,
      VersionTag previous,
      boolean headTagged,
      boolean changed,
      boolean release,
      int commitsSinceTag,
      boolean historyIncomplete) {}

  private final RevWalk walk;
  private final VersionTags tags;
  private final Set<ObjectId> shallowCommits;

  VersionCalculator(RevWalk walk, VersionTags tags, Set<ObjectId> shallowCommits) {
    this.walk = walk;
    this.tags = tags;
    this.shallowCommits = shallowCommits;
  }

  /**
   * @param branch the branch being built, null only when HEAD is tagged
   * @param tagTaken whether a tag name is already used anywhere, so a new version never repeats one
   *     that another commit carries
   */
  Calculation calculate(
      RevCommit head,
      VersionRequest request,
      String branch,
      TagNaming naming,
      Predicate<String> tagTaken)
      throws IOException {
    boolean release = branch == null || request.releaseBranchPattern().matcher(branch).matches();
    Search search = findPrevious(head);
    List<VersionTag> onHead = tags.on(head);
    if (!onHead.isEmpty()) {
      VersionTag current = onHead.get(0);
      int since = search.previous == null ? 0 : countCommits(head, search.previous.commit());
      return new Calculation(current.version(), search.previous, true, true, release, since, false);
    }
    if (branch == null) {
      throw VersionException.failure(
          "HEAD is detached and no branch name was found; check out a branch, or set BRANCH_NAME"
              + " (Jenkins sets it in multibranch jobs; GIT_BRANCH and BITBUCKET_BRANCH are read"
              + " too)");
    }
    VersionTag previous = search.previous;
    List<RevCommit> componentCommits = commitsSince(head, previous, request.paths());
    int since =
        request.paths().isEmpty()
            ? componentCommits.size()
            : countCommits(head, previousOf(previous));
    if (previous != null && componentCommits.isEmpty()) {
      return new Calculation(
          previous.version(), previous, false, false, release, since, search.incomplete);
    }
    SemVer next =
        previous == null
            ? request.initial()
            : previous.version().bump(levelOf(request, componentCommits));
    while (tagTaken.test(naming.tagName(next))) {
      next = next.bump(BumpLevel.PATCH);
    }
    if (!release) {
      next = next.withPreRelease(List.of(BranchSlug.of(branch), Integer.toString(since)));
    }
    return new Calculation(next, previous, false, true, release, since, search.incomplete);
  }

  private static RevCommit previousOf(VersionTag tag) {
    return tag == null ? null : tag.commit();
  }

  private static BumpLevel levelOf(VersionRequest request, List<RevCommit> commits) {
    return switch (request.bump()) {
      case PATCH -> BumpLevel.PATCH;
      case MINOR -> BumpLevel.MINOR;
      case MAJOR -> BumpLevel.MAJOR;
      case AUTO ->
          commits.stream()
              .map(commit -> ConventionalCommits.levelOf(commit.getFullMessage()))
              .reduce(BumpLevel.PATCH, BumpLevel::max);
    };
  }

  private record Search(VersionTag previous, boolean incomplete) {}

  /**
   * The highest version tag reachable from HEAD, not counting HEAD's own tags. Walks back from HEAD
   * and stops as soon as no tag it has not yet met could beat the best one found, so on a trunk
   * only the commits since the last release are read.
   */
  private Search findPrevious(RevCommit head) throws IOException {
    List<VersionTag> candidates = new ArrayList<>();
    for (VersionTag tag : tags.highestFirst()) {
      if (!tag.commit().equals(head)) {
        candidates.add(tag);
      }
    }
    if (candidates.isEmpty()) {
      return new Search(null, false);
    }
    RevFlag visited = walk.newFlag("visited");
    try {
      walk.reset();
      walk.markStart(walk.parseCommit(head));
      VersionTag best = null;
      int nextUnseen = 0;
      boolean incomplete = false;
      for (RevCommit commit : walk) {
        commit.add(visited);
        if (shallowCommits.contains(commit)) {
          incomplete = true;
        }
        if (!commit.equals(head)) {
          for (VersionTag tag : tags.on(commit)) {
            if (best == null || tag.version().compareTo(best.version()) > 0) {
              best = tag;
            }
          }
        }
        while (nextUnseen < candidates.size() && candidates.get(nextUnseen).commit().has(visited)) {
          nextUnseen++;
        }
        if (best != null
            && (nextUnseen == candidates.size()
                || candidates.get(nextUnseen).version().compareTo(best.version()) <= 0)) {
          return new Search(best, false);
        }
      }
      return new Search(best, incomplete);
    } finally {
      walk.disposeFlag(visited);
      walk.reset();
    }
  }

  /** Commits in HEAD but not in {@code previous}, only those touching {@code paths} if any. */
  private List<RevCommit> commitsSince(RevCommit head, VersionTag previous, List<String> paths)
      throws IOException {
    try (RevWalk scan = new RevWalk(walk.getObjectReader())) {
      if (!paths.isEmpty()) {
        scan.setTreeFilter(
            AndTreeFilter.create(PathFilterGroup.createFromStrings(paths), TreeFilter.ANY_DIFF));
        scan.setRewriteParents(false);
      }
      scan.markStart(scan.parseCommit(head));
      if (previous != null) {
        scan.markUninteresting(scan.parseCommit(previous.commit()));
      }
      List<RevCommit> commits = new ArrayList<>();
      for (RevCommit commit : scan) {
        commits.add(commit);
      }
      return commits;
    }
  }

  private int countCommits(RevCommit head, RevCommit previous) throws IOException {
    try (RevWalk scan = new RevWalk(walk.getObjectReader())) {
      scan.setRetainBody(false);
      scan.markStart(scan.parseCommit(head));
      if (previous != null) {
        scan.markUninteresting(scan.parseCommit(previous));
      }
      int count = 0;
      for (RevCommit ignored : scan) {
        count++;
      }
      return count;
    }
  }
}
