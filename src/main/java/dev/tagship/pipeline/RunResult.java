package dev.tagship.pipeline;

import dev.tagship.pipeline.runtime.Result;
import java.time.Duration;

/**
 * How a run ended.
 *
 * @param error the message of the error that ended it (masked), or null
 */
public record RunResult(Result result, Duration duration, String error) {

  public int exitCode() {
    return result.exitCode();
  }
}
