package dev.tagship.image;

import dev.tagship.version.SemVer;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits tags into version tags (semantic versions, immutable, pushed and verified first) and
 * floating tags such as {@code latest} (moved only after every version tag is verified).
 */
record TagPlan(List<String> versionTags, List<String> floatingTags) {

  static TagPlan of(List<String> tags) {
    List<String> versions = new ArrayList<>();
    List<String> floating = new ArrayList<>();
    for (String tag : tags) {
      String bare = tag.startsWith("v") ? tag.substring(1) : tag;
      if (SemVer.tryParse(bare).isPresent()) {
        versions.add(tag);
      } else {
        floating.add(tag);
      }
    }
    return new TagPlan(List.copyOf(versions), List.copyOf(floating));
  }

  /** Version tags first, then floating ones: the order they are written in. */
  List<String> inOrder() {
    List<String> all = new ArrayList<>(versionTags);
    all.addAll(floatingTags);
    return all;
  }
}
