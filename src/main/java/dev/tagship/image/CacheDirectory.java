package dev.tagship.image;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where tagship keeps what it reuses between runs (base image layers, Jenkins' Groovy jar): XDG's
 * cache folder, as Jib's own CLI does.
 */
public final class CacheDirectory {

  private CacheDirectory() {}

  /**
   * {@code $TAGSHIP_CACHE}, else {@code $XDG_CACHE_HOME/tagship}, else {@code ~/.cache/tagship}.
   */
  public static Path of(Map<String, String> env) {
    String explicit = env.get("TAGSHIP_CACHE");
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit);
    }
    String xdg = env.get("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "tagship");
    }
    String home = env.get("HOME");
    return home == null || home.isBlank() ? null : Path.of(home, ".cache", "tagship");
  }
}
