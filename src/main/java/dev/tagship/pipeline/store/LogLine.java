package dev.tagship.pipeline.store;

/**
 * One line of a run's log, masked as it was written.
 *
 * @param stageId the stage whose code wrote it (see {@link StageRecord#id()}); null outside stages
 */
public record LogLine(String text, String stageId) {}
