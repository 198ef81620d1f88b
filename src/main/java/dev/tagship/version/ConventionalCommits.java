package dev.tagship.version;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the bump a commit message asks for, per Conventional Commits 1.0.0: {@code feat} is a minor
 * change, {@code !} after the type or a {@code BREAKING CHANGE} footer is major, anything else
 * (including messages that do not follow the convention) is a patch.
 */
final class ConventionalCommits {

  private static final Pattern HEADER =
      Pattern.compile("^(?<type>[A-Za-z]+)(?:\\([^)]*\\))?(?<breaking>!)?:\\s");
  private static final Pattern BREAKING_FOOTER =
      Pattern.compile("^BREAKING[ -]CHANGE:\\s", Pattern.MULTILINE);

  private ConventionalCommits() {}

  static BumpLevel levelOf(String message) {
    Matcher header = HEADER.matcher(message);
    boolean conventional = header.find();
    if ((conventional && header.group("breaking") != null)
        || BREAKING_FOOTER.matcher(message).find()) {
      return BumpLevel.MAJOR;
    }
    if (conventional && header.group("type").equalsIgnoreCase("feat")) {
      return BumpLevel.MINOR;
    }
    return BumpLevel.PATCH;
  }
}
