package dev.tagship.pipeline.runtime;

import java.nio.file.Path;

/**
 * Where a run keeps what outlives a step: stashes (for the run only) and archived artifacts (kept
 * with the run's record).
 */
public record RunStorage(Path stashes, Path artifacts) {}
