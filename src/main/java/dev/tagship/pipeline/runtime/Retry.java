package dev.tagship.pipeline.runtime;

import java.util.concurrent.Callable;

/** Runs a block up to {@code count} times, as the {@code retry} step and option do. */
final class Retry {

  private Retry() {}

  static <T> T run(PipelineRun run, int count, Callable<T> body) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        return body.call();
      } catch (FlowInterruptedException e) {
        throw e;
      } catch (Exception e) {
        if (attempt >= count) {
          // Jenkins prints nothing for the last failure: it goes up and is reported once there
          throw e;
        }
        run.log().output(run.frame(), "ERROR: " + Failures.describe(e));
        run.log().output(run.frame(), "Retrying");
      }
    }
  }
}
