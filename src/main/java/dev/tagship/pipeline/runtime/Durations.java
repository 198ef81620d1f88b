package dev.tagship.pipeline.runtime;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Durations the way Jenkins writes them (its {@code Util.getTimeSpanString}): the largest unit,
 * with the next one only while the largest is under 10 — {@code 1 day 2 hr}, {@code 12 min}, {@code
 * 1 min 5 sec}, {@code 12 sec}, {@code 1.2 sec}, {@code 0.25 sec}, {@code 40 ms}.
 */
public final class Durations {

  private static final long SECOND = 1000;
  private static final long MINUTE = 60 * SECOND;
  private static final long HOUR = 60 * MINUTE;
  private static final long DAY = 24 * HOUR;
  private static final long MONTH = 30 * DAY;
  private static final long YEAR = 365 * DAY;

  private Durations() {}

  public static String describe(Duration duration) {
    long millis = duration.toMillis();
    long years = millis / YEAR;
    long months = millis % YEAR / MONTH;
    long days = millis % YEAR % MONTH / DAY;
    long hours = millis % DAY / HOUR;
    long minutes = millis % HOUR / MINUTE;
    long seconds = millis % MINUTE / SECOND;
    long rest = millis % SECOND;
    if (years > 0) {
      return pair(years, years + " yr", months + " mo");
    }
    if (months > 0) {
      return pair(months, months + " mo", days(days));
    }
    if (days > 0) {
      return pair(days, days(days), hours + " hr");
    }
    if (hours > 0) {
      return pair(hours, hours + " hr", minutes + " min");
    }
    if (minutes > 0) {
      return pair(minutes, minutes + " min", seconds + " sec");
    }
    if (seconds >= 10) {
      return seconds + " sec";
    }
    if (seconds >= 1) {
      return plain(seconds + (rest / 100) / 10.0) + " sec";
    }
    if (rest >= 100) {
      return plain((rest / 10) / 100.0) + " sec";
    }
    return rest + " ms";
  }

  private static String pair(long big, String bigText, String smallText) {
    return big < 10 ? bigText + " " + smallText : bigText;
  }

  private static String days(long days) {
    return days + (days == 1 ? " day" : " days");
  }

  /** {@code 1.0} as {@code 1}, {@code 0.30} as {@code 0.3}: no trailing zeros, as Jenkins. */
  private static String plain(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
