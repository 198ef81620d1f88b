package dev.tagship.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code @Library('name') _} lines of a Jenkinsfile: the libraries they name, and the text with
 * them blanked (same line numbers), as Jenkins resolves them before compiling.
 */
record LibraryAnnotations(List<String> libraries, String text) {

  private static final Pattern ANNOTATION =
      Pattern.compile("@Library\\s*\\(\\s*(\\[[^\\]]*\\]|[^)]*)\\)\\s*(_|import\\b)?");
  private static final Pattern QUOTED = Pattern.compile("['\"]([^'\"]+)['\"]");

  static LibraryAnnotations strip(String text) {
    List<String> names = new ArrayList<>();
    Matcher matcher = ANNOTATION.matcher(text);
    StringBuilder stripped = new StringBuilder();
    while (matcher.find()) {
      Matcher quoted = QUOTED.matcher(matcher.group(1));
      while (quoted.find()) {
        names.add(quoted.group(1));
      }
      String keep = "import".equals(matcher.group(2)) ? "import" : "";
      matcher.appendReplacement(
          stripped,
          Matcher.quoteReplacement(
              " ".repeat(Math.max(0, matcher.group().length() - keep.length())) + keep));
    }
    matcher.appendTail(stripped);
    return new LibraryAnnotations(List.copyOf(names), stripped.toString());
  }
}
