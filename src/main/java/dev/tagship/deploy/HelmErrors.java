package dev.tagship.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Helm's errors as one line: its multi-error lists ("1 error occurred:\n\t* cause") become their
 * causes, and further lines follow the first after "; ", so a console or a dashboard cell shows the
 * cause first.
 */
final class HelmErrors {

  private static final Pattern ERROR_COUNT = Pattern.compile("\\d+ errors? occurred:\\s*$");

  private HelmErrors() {}

  static String oneLine(String message) {
    if (message == null || message.isBlank()) {
      return "(no message)";
    }
    List<String> lines = new ArrayList<>();
    for (String line : message.strip().split("\\R")) {
      String part = line.strip();
      if (part.startsWith("* ")) {
        part = part.substring(2).strip();
      }
      part = ERROR_COUNT.matcher(part).replaceFirst("").strip();
      if (part.endsWith(":") && lines.isEmpty()) {
        part = part.substring(0, part.length() - 1);
      }
      if (!part.isEmpty()) {
        lines.add(part);
      }
    }
    if (lines.isEmpty()) {
      return "(no message)";
    }
    return lines.size() == 1
        ? lines.get(0)
        : lines.get(0) + ": " + String.join("; ", lines.subList(1, lines.size()));
  }
}
