package dev.tagship.pipeline.store;

/**
 * How many runs of one pipeline ended with one result, and how long they took together.
 *
 * @param result null for runs still going on
 */
public record RunTotals(String pipeline, String result, long count, long durationMillis) {}
