package dev.tagship.sandbox.kube;

/** What the pods of a rollout do, as {@link KubeController} plays them. */
public enum PodBehaviour {
  /** Running and Ready; the old ReplicaSet is scaled to zero and the rollout completes. */
  READY,
  /**
   * The container exits with code 1 again and again: waiting with reason {@code CrashLoopBackOff},
   * restartCount growing, {@code BackOff} events. Old pods stay.
   */
  CRASH_LOOP,
  /** The image cannot be pulled: {@code ErrImagePull}, then {@code ImagePullBackOff}. */
  IMAGE_PULL_BACKOFF,
  /**
   * A Secret the container needs is missing: waiting with reason {@code
   * CreateContainerConfigError}.
   */
  CREATE_CONTAINER_CONFIG_ERROR,
  /**
   * Running but never Ready (its readiness probe fails), and the Deployment reports {@code
   * Progressing=False} with reason {@code ProgressDeadlineExceeded}.
   */
  PROGRESS_DEADLINE_EXCEEDED
}
