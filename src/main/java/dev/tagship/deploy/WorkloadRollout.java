package dev.tagship.deploy;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/**
 * Where one workload of a revision stands, judged the way {@code kubectl rollout status} judges its
 * kind, on the objects of that revision's own pod template.
 *
 * @param name the kind and name, e.g. {@code statefulset db}
 * @param observed the controller has seen the current spec; until then its pods say nothing about
 *     this revision
 * @param complete the rollout finished
 * @param progressProblems failures the controller itself reports (ProgressDeadlineExceeded)
 * @param newPods the pods of the revision's template, whose failures count
 * @param waiting what the rollout still waits for, e.g. {@code 1 of 3 pods ready}
 * @param replaced null while the workload runs the revision's template; else what replaced it, e.g.
 *     {@code its pod template was changed}
 */
record WorkloadRollout(
    String name,
    boolean observed,
    boolean complete,
    List<String> progressProblems,
    List<Pod> newPods,
    String waiting,
    String replaced) {

  WorkloadRollout {
    progressProblems = List.copyOf(progressProblems);
    newPods = List.copyOf(newPods);
  }

  /** Judged on the revision's own template. */
  WorkloadRollout(
      String name,
      boolean observed,
      boolean complete,
      List<String> progressProblems,
      List<Pod> newPods,
      String waiting) {
    this(name, observed, complete, progressProblems, newPods, waiting, null);
  }

  /** Not yet observed: nothing about it can be judged. */
  static WorkloadRollout unobserved(String name) {
    return new WorkloadRollout(
        name, false, false, List.of(), List.of(), "the controller to observe the new spec");
  }

  /** No longer the revision's: its template was changed, or it was deleted. */
  static WorkloadRollout replaced(String name, String how) {
    return new WorkloadRollout(name, false, false, List.of(), List.of(), "", how);
  }
}
