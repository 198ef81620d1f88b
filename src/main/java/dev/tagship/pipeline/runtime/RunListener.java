package dev.tagship.pipeline.runtime;

import java.time.Instant;

/** Follows a run as it happens: the log and the stages, for the run store and the dashboard. */
public interface RunListener {

  /**
   * @param stageId the stage whose code wrote the line, or null outside stages
   */
  default void line(String maskedLine, String stageId) {}

  /**
   * @param id unique in the run
   * @param parentId the enclosing stage or parallel branch, or null at the top
   */
  default void stageStarted(String id, String parentId, String name, boolean branch, Instant at) {}

  /**
   * @param status SUCCESS, FAILURE, UNSTABLE, ABORTED, SKIPPED
   */
  default void stageFinished(String id, String status, Instant at) {}

  /** The parameters the run got, as shown to people: password values masked. */
  default void parametersBound(java.util.Map<String, String> shown) {}

  RunListener NONE = new RunListener() {};
}
