package dev.tagship.version;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;

/** The version tags of one component, by the commit they point at. */
final class VersionTags {

  /** One version tag, peeled to its commit. */
  record VersionTag(String name, SemVer version, RevCommit commit) {}

  static final Comparator<VersionTag> HIGHEST_FIRST =
      Comparator.comparing(VersionTag::version).reversed();

  private final Map<ObjectId, List<VersionTag>> byCommit;
  private final List<VersionTag> highestFirst;

  private VersionTags(List<VersionTag> tags) {
    this.highestFirst = tags.stream().sorted(HIGHEST_FIRST).toList();
    this.byCommit = new HashMap<>();
    for (VersionTag tag : highestFirst) {
      byCommit.computeIfAbsent(tag.commit().copy(), id -> new ArrayList<>()).add(tag);
    }
  }

  static VersionTags read(Repository repository, RevWalk walk, TagNaming naming)
      throws IOException {
    List<VersionTag> tags = new ArrayList<>();
    for (Ref ref : repository.getRefDatabase().getRefsByPrefix(naming.refPrefix())) {
      String name = ref.getName().substring(Constants.R_TAGS.length());
      Optional<SemVer> version = naming.parse(name);
      if (version.isEmpty()) {
        continue;
      }
      ObjectId target = targetOf(repository, ref);
      if (target == null) {
        continue;
      }
      RevObject object = walk.peel(walk.parseAny(target));
      if (object instanceof RevCommit commit) {
        tags.add(new VersionTag(name, version.get(), commit));
      }
    }
    return new VersionTags(tags);
  }

  private static ObjectId targetOf(Repository repository, Ref ref) throws IOException {
    Ref peeled = ref.isPeeled() ? ref : repository.getRefDatabase().peel(ref);
    ObjectId target = peeled.getPeeledObjectId();
    if (target == null) {
      target = peeled.getObjectId();
    }
    if (target == null || !repository.getObjectDatabase().has(target)) {
      return null; // a tag whose object was never fetched cannot be placed in history
    }
    return target;
  }

  /** Tags on {@code commit}, highest version first; empty when it has none. */
  List<VersionTag> on(AnyObjectId commit) {
    return byCommit.getOrDefault(commit, List.of());
  }

  /** Every tag, highest version first. */
  List<VersionTag> highestFirst() {
    return highestFirst;
  }

  boolean isEmpty() {
    return highestFirst.isEmpty();
  }
}
