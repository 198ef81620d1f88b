package dev.tagship.version;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the next version is chosen: a fixed level, or {@link #AUTO} from conventional commits. */
public enum BumpStrategy {
  AUTO,
  PATCH,
  MINOR,
  MAJOR;

  /** Parses {@code auto|patch|minor|major}, case-insensitively. */
  public static BumpStrategy parse(String text) {
    if (text != null) {
      for (BumpStrategy strategy : values()) {
        if (strategy.name().equalsIgnoreCase(text.trim())) {
          return strategy;
        }
      }
    }
    throw VersionException.usage(
        "bump '" + text + "' is not known; use one of " + allowed() + " (default: patch)");
  }

  public static String allowed() {
    return Arrays.stream(values())
        .map(s -> s.name().toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
