package dev.tagship.pipeline.store;

/**
 * A stage or parallel branch of a recorded run.
 *
 * @param parentId the enclosing stage's id, or null at the top
 * @param status null while running; SUCCESS, FAILURE, UNSTABLE, ABORTED, SKIPPED
 * @param durationMillis null while running
 */
public record StageRecord(
    String id,
    String parentId,
    String name,
    String status,
    String startedAt,
    Long durationMillis) {}
