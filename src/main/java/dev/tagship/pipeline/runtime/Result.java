package dev.tagship.pipeline.runtime;

/**
 * A build result, ordered from best to worst as Jenkins orders them; a build's result only ever
 * gets worse.
 */
public enum Result {
  SUCCESS(0),
  UNSTABLE(3),
  FAILURE(1),
  NOT_BUILT(5),
  ABORTED(4);

  private final int exitCode;

  Result(int exitCode) {
    this.exitCode = exitCode;
  }

  /** The process exit code of {@code tagship run} for a build with this result. */
  public int exitCode() {
    return exitCode;
  }

  public boolean isWorseThan(Result other) {
    return other == null || ordinal() > other.ordinal();
  }

  /** The worse of the two; null counts as SUCCESS. */
  public Result combine(Result other) {
    return other != null && other.isWorseThan(this) ? other : this;
  }

  /** Jenkins' names are accepted in any case, as {@code currentBuild.result = 'unstable'} is. */
  public static Result parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new AbortException(
          "unknown build result '"
              + name
              + "'; use SUCCESS, UNSTABLE, FAILURE, NOT_BUILT or ABORTED");
    }
  }
}
