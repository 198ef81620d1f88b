package dev.tagship.pipeline.store;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the run history lives unless told: {@code $TAGSHIP_HOME/runs.db}, else {@code
 * $XDG_DATA_HOME/tagship/runs.db}, else {@code ~/.local/share/tagship/runs.db}.
 */
public final class StoreLocation {

  private StoreLocation() {}

  public static Path of(Map<String, String> env) {
    if (present(env.get("TAGSHIP_HOME"))) {
      return Path.of(env.get("TAGSHIP_HOME"), "runs.db");
    }
    if (present(env.get("XDG_DATA_HOME"))) {
      return Path.of(env.get("XDG_DATA_HOME"), "tagship", "runs.db");
    }
    String home = present(env.get("HOME")) ? env.get("HOME") : System.getProperty("user.home");
    return Path.of(home, ".local", "share", "tagship", "runs.db");
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }
}
