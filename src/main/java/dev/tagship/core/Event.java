package dev.tagship.core;

/**
 * Something a capability reports while it works. Capabilities never print: the CLI, the pipeline
 * log and the dashboard each render events their own way, and mask secrets once.
 */
public record Event(Level level, String message) {

  /** How much the person watching the build needs to see it. */
  public enum Level {
    DEBUG,
    /** How far a long transfer has got: a terminal shows it in place, a build log leaves it out. */
    PROGRESS,
    INFO,
    WARN
  }

  public Event {
    if (level == null || message == null) {
      throw new IllegalArgumentException("an event needs a level and a message");
    }
  }

  public static Event info(String message) {
    return new Event(Level.INFO, message);
  }

  public static Event warn(String message) {
    return new Event(Level.WARN, message);
  }

  public static Event progress(String message) {
    return new Event(Level.PROGRESS, message);
  }

  public static Event debug(String message) {
    return new Event(Level.DEBUG, message);
  }
}
