package dev.tagship.version;

import java.util.Locale;
import org.eclipse.jgit.lib.Repository;

/**
 * Checks text that becomes part of a tag name ({@code --tag-prefix}, {@code --component}) against
 * exactly what the error message promises: ASCII letters, digits, {@code - _ . /}, and git's rules
 * for ref names (git check-ref-format). Anything else is refused with the character named, as
 * U+XXXX, so a bidi override or a shell metacharacter cannot hide in a tag that later reaches a
 * terminal or an {@code sh} step.
 */
final class TagNamePart {

  private static final String ALLOWED =
      "letters A-Z and a-z, digits, '-', '_', '.' and '/', by git's rules for tag names (no '..'"
          + " or '//', no leading '/' or '-', no part that starts with '.' or ends with '.lock')";

  private TagNamePart() {}

  /**
   * @param what e.g. {@code tag prefix}
   * @param options where it was given, e.g. {@code --tag-prefix, tagPrefix}
   * @param tagName a tag name made with {@code value}, e.g. {@code web/v1.0.0}
   */
  static void check(String what, String options, String value, String tagName) {
    String named = what + " '" + shown(value) + "' (" + options + ")";
    for (int i = 0; i < value.length(); ) {
      int c = value.codePointAt(i);
      if (!isAllowed(c)) {
        throw VersionException.usage(
            named + " has " + describe(c) + "; a " + what + " may hold only " + ALLOWED);
      }
      i += Character.charCount(c);
    }
    String broken = gitRuleBroken(value, tagName);
    if (broken != null) {
      throw VersionException.usage(
          named + " " + broken + "; a " + what + " may hold only " + ALLOWED);
    }
  }

  private static boolean isAllowed(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '_'
        || c == '.'
        || c == '/';
  }

  private static String gitRuleBroken(String value, String tagName) {
    if (value.startsWith("-")) {
      return "starts with '-', which would read as an option";
    }
    if (value.startsWith("/")) {
      return "starts with '/'";
    }
    if (tagName.contains("..")) {
      return "makes the tag " + tagName + ", which holds '..'";
    }
    if (tagName.contains("//")) {
      return "makes the tag " + tagName + ", which holds '//'";
    }
    for (String part : tagName.split("/", -1)) {
      if (part.startsWith(".")) {
        return "makes the tag " + tagName + ", which has a part starting with '.'";
      }
      if (part.endsWith(".lock")) {
        return "makes the tag " + tagName + ", which has a part ending with '.lock'";
      }
    }
    if (!Repository.isValidRefName("refs/tags/" + tagName)) {
      return "makes the tag " + tagName + ", which git does not accept";
    }
    return null;
  }

  private static String describe(int c) {
    String code = String.format(Locale.ROOT, "U+%04X", c);
    String name = Character.getName(c);
    String full = name == null ? code : code + " " + name;
    if (c > ' ' && c < 0x7f) {
      return "the character '" + (char) c + "' (" + full + ")";
    }
    return "the character " + full + (isInvisible(c) ? ", which is invisible" : "");
  }

  private static boolean isInvisible(int c) {
    int type = Character.getType(c);
    return Character.isWhitespace(c)
        || Character.isSpaceChar(c)
        || type == Character.CONTROL
        || type == Character.FORMAT
        || type == Character.UNASSIGNED
        || type == Character.PRIVATE_USE;
  }

  /** The value as ASCII: every other character (or an invisible one) as {@code <U+XXXX>}. */
  static String shown(String value) {
    StringBuilder shown = new StringBuilder();
    value
        .codePoints()
        .forEach(
            c -> {
              if (c >= ' ' && c < 0x7f) {
                shown.appendCodePoint(c);
              } else {
                shown.append(String.format(Locale.ROOT, "<U+%04X>", c));
              }
            });
    return shown.toString();
  }
}
