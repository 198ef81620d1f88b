package dev.tagship.deploy;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/**
 * Where one workload of a release stands, judged the way {@code kubectl rollout status} judges its
 * kind.
 *
 * @param name the kind and name, e.g. {@code statefulset db}
 * @param observed the controller has seen the current spec; until then its pods say nothing about
 *     this revision
 * @param complete the rollout finished
 * @param progressProblems failures the controller itself reports (ProgressDeadlineExceeded)
 * @param newPods the pods of the revision being rolled out, whose failures count
 * @param waiting what the rollout still waits for, e.g. {@code 1 of 3 pods ready}
 */
record WorkloadRollout(
    String name,
    boolean observed,
    boolean complete,
    List<String> progressProblems,
    List<Pod> newPods,
    String waiting) {

  WorkloadRollout {
    progressProblems = List.copyOf(progressProblems);
    newPods = List.copyOf(newPods);
  }

  /** Not yet observed: nothing about it can be judged. */
  static WorkloadRollout unobserved(String name) {
    return new WorkloadRollout(
        name, false, false, List.of(), List.of(), "the controller to observe the new spec");
  }
}
