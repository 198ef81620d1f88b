package dev.tagship.version;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Semantic Versioning 2.0.0 version. Ordering is semver precedence: build metadata is kept for
 * display but ignored when comparing, pre-releases sort before their release.
 */
public record SemVer(int major, int minor, int patch, List<String> preRelease, String build)
    implements Comparable<SemVer> {

  // semver.org's own regular expression, split for the three numbers, pre-release and build.
  private static final Pattern SEMVER =
      Pattern.compile(
          "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
              + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)"
              + "(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
              + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?");

  public SemVer {
    if (major < 0 || minor < 0 || patch < 0) {
      throw new IllegalArgumentException("version numbers cannot be negative");
    }
    preRelease = List.copyOf(preRelease);
    build = build == null ? "" : build;
  }

  public static SemVer of(int major, int minor, int patch) {
    return new SemVer(major, minor, patch, List.of(), "");
  }

  /** Parses {@code text}, allowing a leading {@code v}; fails with a usage error otherwise. */
  public static SemVer parse(String text) {
    String trimmed = text == null ? "" : text.trim();
    String bare = trimmed.startsWith("v") ? trimmed.substring(1) : trimmed;
    return tryParse(bare)
        .orElseThrow(
            () ->
                VersionException.usage(
                    "'" + text + "' is not a semantic version such as 0.1.0 or 1.2.3-rc.1"));
  }

  /** Parses {@code text} exactly (no leading {@code v}); empty when it is not semver. */
  public static Optional<SemVer> tryParse(String text) {
    Matcher m = SEMVER.matcher(text);
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      List<String> pre = m.group(4) == null ? List.of() : List.of(m.group(4).split("\\."));
      return Optional.of(
          new SemVer(
              Integer.parseInt(m.group(1)),
              Integer.parseInt(m.group(2)),
              Integer.parseInt(m.group(3)),
              pre,
              m.group(5)));
    } catch (NumberFormatException tooLarge) {
      return Optional.empty();
    }
  }

  public boolean isPreRelease() {
    return !preRelease.isEmpty();
  }

  /** The release this version leads to: {@code 1.3.0-rc.1} becomes {@code 1.3.0}. */
  public SemVer release() {
    return of(major, minor, patch);
  }

  /**
   * The next version for {@code level}, with the rules of npm's {@code semver.inc}: a pre-release
   * is released at its own number when that number already carries the bump ({@code 1.3.0-rc.1} +
   * minor = {@code 1.3.0}), otherwise the number is bumped.
   */
  public SemVer bump(BumpLevel level) {
    return switch (level) {
      case MAJOR -> isPreRelease() && minor == 0 && patch == 0 ? release() : of(major + 1, 0, 0);
      case MINOR -> isPreRelease() && patch == 0 ? release() : of(major, minor + 1, 0);
      case PATCH -> isPreRelease() ? release() : of(major, minor, patch + 1);
    };
  }

  public SemVer withPreRelease(List<String> identifiers) {
    return new SemVer(major, minor, patch, identifiers, "");
  }

  @Override
  public int compareTo(SemVer other) {
    int c = Integer.compare(major, other.major);
    if (c == 0) {
      c = Integer.compare(minor, other.minor);
    }
    if (c == 0) {
      c = Integer.compare(patch, other.patch);
    }
    if (c != 0) {
      return c;
    }
    if (preRelease.isEmpty() || other.preRelease.isEmpty()) {
      return Boolean.compare(preRelease.isEmpty(), other.preRelease.isEmpty());
    }
    for (int i = 0; i < Math.min(preRelease.size(), other.preRelease.size()); i++) {
      c = compareIdentifier(preRelease.get(i), other.preRelease.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(preRelease.size(), other.preRelease.size());
  }

  private static int compareIdentifier(String a, String b) {
    boolean numericA = a.chars().allMatch(Character::isDigit);
    boolean numericB = b.chars().allMatch(Character::isDigit);
    if (numericA && numericB) {
      return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }
    if (numericA != numericB) {
      return numericA ? -1 : 1;
    }
    return a.compareTo(b);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder().append(major).append('.').append(minor);
    text.append('.').append(patch);
    if (!preRelease.isEmpty()) {
      text.append('-').append(String.join(".", preRelease));
    }
    if (!build.isEmpty()) {
      text.append('+').append(build);
    }
    return text.toString();
  }
}
