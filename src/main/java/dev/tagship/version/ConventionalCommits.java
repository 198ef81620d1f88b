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
  // A footer: at the start of a line of the body (after the first blank line), with a text.
  private static final Pattern BREAKING_FOOTER =
      Pattern.compile("^BREAKING[ -]CHANGE:[ \\t]*\\S", Pattern.MULTILINE);

  private ConventionalCommits() {}

  static BumpLevel levelOf(String message) {
    Matcher header = HEADER.matcher(message);
    boolean conventional = header.find();
    int bodyStart = message.indexOf("\n\n");
    boolean breakingFooter =
        bodyStart >= 0 && BREAKING_FOOTER.matcher(message.substring(bodyStart)).find();
    if ((conventional && header.group("breaking") != null) || breakingFooter) {
      return BumpLevel.MAJOR;
    }
    if (conventional && header.group("type").equalsIgnoreCase("feat")) {
      return BumpLevel.MINOR;
    }
    return BumpLevel.PATCH;
  }
}
