package dev.tagship.pipeline.runtime;

import java.util.concurrent.Callable;

/** Runs a block up to {@code count} times, as the {@code retry} step and option do. */
final class Retry {

  static final String TIMEOUT = "Timeout has been exceeded";

  private Retry() {}

  static <T> T run(PipelineRun run, int count, Callable<T> body) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        return body.call();
      } catch (InterruptedException e) {
        // an enclosing timeout or the end of the run: stop, do not try again
        throw e;
      } catch (FlowInterruptedException e) {
        // Jenkins retries a block whose own timeout expired, never one that was aborted
        if (!TIMEOUT.equals(e.getMessage()) || Thread.currentThread().isInterrupted()) {
          throw e;
        }
        if (attempt >= count) {
          throw e;
        }
        run.log().output(run.frame(), e.getMessage());
        run.log().output(run.frame(), "Retrying");
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
