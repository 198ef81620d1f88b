package dev.tagship.deploy;

import java.util.List;

/**
 * How the verification of a revision's rollout ended.
 *
 * @param problems for a failure, one line per failing pod and container: reason, message, the last
 *     events; for a superseded revision, what its own pods showed before
 * @param supersededBy for {@link Outcome#SUPERSEDED}, the Helm revision that replaced this one;
 *     null when its objects were changed outside Helm, and for every other outcome
 */
public record Verification(
    Outcome outcome, String summary, List<String> problems, Integer supersededBy) {

  /**
   * Succeeded: every workload rolled out. Failed: a pod or the deadline said it never will. Timed
   * out: still not done at the deadline. Superseded: another deploy replaced the revision's objects
   * before it could be judged; it is never recorded good, and this build does not roll back the
   * revision that replaced it.
   */
  public enum Outcome {
    SUCCEEDED,
    FAILED,
    TIMED_OUT,
    SUPERSEDED
  }

  public Verification {
    problems = List.copyOf(problems);
    if (supersededBy != null && outcome != Outcome.SUPERSEDED) {
      throw new IllegalArgumentException("only a superseded verification names its successor");
    }
  }

  public Verification(Outcome outcome, String summary, List<String> problems) {
    this(outcome, summary, problems, null);
  }

  public boolean succeeded() {
    return outcome == Outcome.SUCCEEDED;
  }

  /** The revision was replaced while it was verified: neither good nor this build's to undo. */
  public boolean superseded() {
    return outcome == Outcome.SUPERSEDED;
  }
}
