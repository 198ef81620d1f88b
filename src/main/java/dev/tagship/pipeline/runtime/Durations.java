package dev.tagship.pipeline.runtime;

import java.time.Duration;

/** Durations the way Jenkins writes them: {@code 1 min 5 sec}, {@code 0.12 sec}. */
public final class Durations {

  private Durations() {}

  public static String describe(Duration duration) {
    long millis = duration.toMillis();
    if (millis < 1000) {
      return String.format(java.util.Locale.ROOT, "%.2f sec", millis / 1000.0);
    }
    long seconds = duration.toSeconds();
    long hours = seconds / 3600;
    long minutes = (seconds % 3600) / 60;
    long rest = seconds % 60;
    if (hours > 0) {
      return hours + " hr " + minutes + " min";
    }
    if (minutes > 0) {
      return minutes + " min " + rest + " sec";
    }
    return rest + " sec";
  }
}
