package dev.tagship.pipeline;

import dev.tagship.pipeline.runtime.Result;
import java.time.Duration;

/**
 * How a run ended.
 *
 * @param error the message of the error that ended it (masked), or null
 * @param jenkinsfileUnreadable true when the Jenkinsfile could not be compiled (a syntax error, a
 *     passed limit): the run is a FAILURE, as Jenkins records it, but {@code tagship run} exits
 *     with 2, as for any input it cannot read. A declarative validation error (an unknown section,
 *     a missing agent) is a Jenkinsfile Groovy compiles, and stays a plain FAILURE.
 */
public record RunResult(
    Result result, Duration duration, String error, boolean jenkinsfileUnreadable) {

  /** The exit code of a run whose Jenkinsfile could not be compiled: that of bad input. */
  public static final int UNREADABLE_EXIT_CODE = 2;

  public RunResult(Result result, Duration duration, String error) {
    this(result, duration, error, false);
  }

  public int exitCode() {
    return jenkinsfileUnreadable ? UNREADABLE_EXIT_CODE : result.exitCode();
  }

  RunResult unreadable() {
    return new RunResult(result, duration, error, true);
  }
}
