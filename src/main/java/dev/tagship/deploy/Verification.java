package dev.tagship.deploy;

import java.util.List;

/**
 * How the rollout of a release ended.
 *
 * @param problems for a failure, one line per failing pod and container: reason, message, the last
 *     events
 */
public record Verification(Outcome outcome, String summary, List<String> problems) {

  /** Succeeded: every workload rolled out. Failed: a pod or the deadline said it never will. */
  public enum Outcome {
    SUCCEEDED,
    FAILED,
    TIMED_OUT
  }

  public Verification {
    problems = List.copyOf(problems);
  }

  public boolean succeeded() {
    return outcome == Outcome.SUCCEEDED;
  }
}
