package dev.tagship.pipeline.runtime;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Durations the way Jenkins writes them (its {@code Util.getTimeSpanString}): {@code 1 hr 5 min},
 * {@code 1 min 5 sec}, {@code 12 sec}, {@code 1.2 sec}, {@code 0.25 sec}, {@code 40 ms}.
 */
public final class Durations {

  private Durations() {}

  public static String describe(Duration duration) {
    long millis = duration.toMillis();
    long seconds = millis / 1000;
    long hours = seconds / 3600;
    long minutes = (seconds % 3600) / 60;
    long rest = seconds % 60;
    if (hours > 0) {
      return hours + " hr " + minutes + " min";
    }
    if (minutes > 0) {
      return minutes + " min " + rest + " sec";
    }
    if (seconds >= 10) {
      return seconds + " sec";
    }
    if (seconds >= 1) {
      return plain(seconds + (millis % 1000 / 100) / 10.0) + " sec";
    }
    if (millis >= 100) {
      return plain((millis / 10) / 100.0) + " sec";
    }
    return millis + " ms";
  }

  /** {@code 1.0} as {@code 1}, {@code 0.30} as {@code 0.3}: no trailing zeros, as Jenkins. */
  private static String plain(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
