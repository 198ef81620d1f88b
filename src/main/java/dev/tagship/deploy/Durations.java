package dev.tagship.deploy;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as Helm and kubectl write them: {@code 300s}, {@code 5m}, {@code 1h30m}, {@code 90}.
 */
public final class Durations {

  private static final Pattern PART = Pattern.compile("(\\d+)(ms|h|m|s)");

  private Durations() {}

  public static Duration parse(String text) {
    String trimmed = text == null ? "" : text.trim();
    if (trimmed.matches("\\d+")) {
      return Duration.ofSeconds(Long.parseLong(trimmed));
    }
    Matcher m = PART.matcher(trimmed);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find() && m.start() == end) {
      long value = Long.parseLong(m.group(1));
      total =
          total.plus(
              switch (m.group(2)) {
                case "h" -> Duration.ofHours(value);
                case "m" -> Duration.ofMinutes(value);
                case "s" -> Duration.ofSeconds(value);
                default -> Duration.ofMillis(value);
              });
      end = m.end();
    }
    if (trimmed.isEmpty() || end != trimmed.length() || total.isZero()) {
      throw DeployException.usage(
          "duration '" + text + "' is not valid; write it as Helm does, e.g. 300s, 5m or 1h30m");
    }
    return total;
  }
}
