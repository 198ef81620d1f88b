package dev.tagship.pipeline.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The {@code currentBuild} global, with the fields Jenkinsfiles use: the result (which only gets
 * worse), number, display name, description, duration and the previous build.
 */
public final class CurrentBuild {

  private final AtomicReference<Result> result = new AtomicReference<>();
  private final int number;
  private final String projectName;
  private final Instant start;
  private final Clock clock;
  private final PreviousBuild previous;
  private volatile String displayName;
  private volatile String description;

  /** What is known of the pipeline's previous completed run. */
  public record PreviousBuild(int number, String result) {
    public String getResult() {
      return result;
    }

    public int getNumber() {
      return number;
    }
  }

  public static CurrentBuild start(
      int number, String projectName, Clock clock, PreviousBuild previous) {
    return new CurrentBuild(number, projectName, clock, previous);
  }

  private CurrentBuild(int number, String projectName, Clock clock, PreviousBuild previous) {
    this.number = number;
    this.projectName = projectName;
    this.clock = clock;
    this.start = clock.instant();
    this.previous = previous;
  }

  /** The result set so far; null while nothing has made the build worse than SUCCESS. */
  public String getResult() {
    Result now = result.get();
    return now == null ? null : now.name();
  }

  /** Sets the result, unless it is better than the current one: results only get worse. */
  public void setResult(Object value) {
    worsen(Result.parse(String.valueOf(value)));
  }

  void worsen(Result worse) {
    result.accumulateAndGet(worse, (now, next) -> next.combine(now));
  }

  void runShowing(Result logical, Runnable body) {
    Result original = result.get();
    Result shown = logical == Result.SUCCESS && original == null ? null : logical;
    result.set(shown);
    try {
      body.run();
    } finally {
      result.compareAndSet(shown, original);
    }
  }

  Result result() {
    Result now = result.get();
    return now == null ? Result.SUCCESS : now;
  }

  /** The result now: SUCCESS while nothing made it worse. */
  public Result currentResult() {
    return result();
  }

  public String getCurrentResult() {
    return result().name();
  }

  public boolean resultIsBetterOrEqualTo(String other) {
    return !result().isWorseThan(Result.parse(other));
  }

  public boolean resultIsWorseOrEqualTo(String other) {
    return !Result.parse(other).isWorseThan(result());
  }

  public int getNumber() {
    return number;
  }

  public String getId() {
    return Integer.toString(number);
  }

  public String getProjectName() {
    return projectName;
  }

  public String getFullDisplayName() {
    return projectName + " " + getDisplayName();
  }

  public String getDisplayName() {
    return displayName == null ? "#" + number : displayName;
  }

  public void setDisplayName(Object name) {
    displayName = name == null ? null : name.toString();
  }

  public String getDescription() {
    return description;
  }

  public void setDescription(Object text) {
    description = text == null ? null : text.toString();
  }

  public long getStartTimeInMillis() {
    return start.toEpochMilli();
  }

  public long getTimeInMillis() {
    return start.toEpochMilli();
  }

  public long getDuration() {
    return Duration.between(start, clock.instant()).toMillis();
  }

  public String getDurationString() {
    return Durations.describe(Duration.ofMillis(getDuration())) + " and counting";
  }

  public PreviousBuild getPreviousBuild() {
    return previous;
  }

  public List<Map<String, String>> getBuildCauses() {
    return List.of(
        Map.of(
            "_class",
            "hudson.model.Cause$UserIdCause",
            "shortDescription",
            "Started by tagship run"));
  }
}
