package dev.tagship.pipeline.model;

import groovy.lang.Closure;

/**
 * A stage's {@code when} block, kept as written: its conditions (and {@code beforeAgent} and the
 * like) are built and judged when the stage is reached, so they can read variables set by earlier
 * stages.
 */
public record When(Closure<?> conditions) {}
