package dev.tagship.version;

import java.util.Locale;

/**
 * Turns a branch name into a semver pre-release identifier: {@code feature/JIRA-12_x} becomes
 * {@code feature-jira-12-x}.
 */
final class BranchSlug {

  private static final int MAX_LENGTH = 40;

  private BranchSlug() {}

  static String of(String branch) {
    String slug = branch.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    if (slug.length() > MAX_LENGTH) {
      slug = slug.substring(0, MAX_LENGTH);
    }
    slug = slug.replaceAll("^-+|-+$", "");
    if (slug.isEmpty()) {
      return "branch";
    }
    // A purely numeric identifier must not start with 0 in semver; a prefix keeps it valid.
    return slug.chars().allMatch(Character::isDigit) ? "branch-" + slug : slug;
  }
}
