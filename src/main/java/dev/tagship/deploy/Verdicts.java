package dev.tagship.deploy;

import java.time.Duration;
import java.util.List;

/** What verification tells the user, one way of saying it per outcome. */
final class Verdicts {

  private Verdicts() {}

  static Verification rolledOut(
      String release, List<WorkloadRollout> rollouts, List<String> notVerified) {
    return new Verification(
        Verification.Outcome.SUCCEEDED,
        rollouts.size() + " workload(s) of " + release + " rolled out" + notWaitedFor(notVerified),
        List.of());
  }

  static Verification nothingToVerify(String release, int revision, List<String> notVerified) {
    return new Verification(
        Verification.Outcome.SUCCEEDED,
        "revision "
            + revision
            + " of "
            + release
            + " has no Deployment, StatefulSet or DaemonSet to verify"
            + notWaitedFor(notVerified),
        List.of());
  }

  static Verification failed(String release, List<String> problems) {
    return new Verification(
        Verification.Outcome.FAILED,
        "the rollout of " + release + " failed: " + problems.get(0),
        problems);
  }

  static Verification timedOut(String release, Duration timeout, List<String> waiting) {
    return new Verification(
        Verification.Outcome.TIMED_OUT,
        "the rollout of " + release + " did not finish within " + timeout.toSeconds() + " s",
        waiting);
  }

  /**
   * @param by the Helm revision that replaced it, or null
   * @param changed for a change outside Helm, what changed, e.g. {@code deployment shop: its pod
   *     template was changed}
   * @param ownProblems what the revision's own pods showed before, if anything failed
   */
  static Verification superseded(
      String release, int revision, Integer by, String changed, List<String> ownProblems) {
    String what =
        by != null
            ? "revision " + revision + " of " + release + " was superseded by revision " + by
            : "revision "
                + revision
                + " of "
                + release
                + " was superseded outside Helm ("
                + changed
                + ")";
    return new Verification(
        Verification.Outcome.SUPERSEDED,
        what
            + " before its rollout was verified: it is not recorded good, and not rolled back by"
            + " this build"
            + (by != null ? " (revision " + by + " belongs to the deploy that made it)" : "")
            + (ownProblems.isEmpty() ? "" : "; its own pods had failed: " + ownProblems.get(0)),
        ownProblems,
        by);
  }

  private static String notWaitedFor(List<String> notVerified) {
    return notVerified.isEmpty()
        ? ""
        : "; not waited for: "
            + String.join(", ", notVerified)
            + " (Jobs, CronJobs and bare pods have no rollout)";
  }
}
