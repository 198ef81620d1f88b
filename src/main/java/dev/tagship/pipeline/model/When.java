package dev.tagship.pipeline.model;

import groovy.lang.Closure;
import java.util.List;

/**
 * A stage's {@code when} block, kept as written: its conditions (and {@code beforeAgent} and the
 * like) are built and judged when the stage is reached, so they can read variables set by earlier
 * stages.
 */
public record When(Closure<?> conditions) {

  /** The conditions a {@code when} block can hold. */
  public static final List<String> CONDITIONS =
      List.of(
          "allOf",
          "anyOf",
          "branch",
          "buildingTag",
          "changeRequest",
          "changelog",
          "changeset",
          "environment",
          "equals",
          "expression",
          "isRestartedRun",
          "not",
          "tag",
          "triggeredBy");
}
