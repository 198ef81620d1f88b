package dev.tagship.pipeline.model;

import groovy.lang.Closure;
import java.util.List;

/**
 * A stage: exactly one of {@code steps}, {@code stages} (sequential), {@code parallel} or {@code
 * matrix}; the other directives are optional (null, or empty lists).
 *
 * @param environment the stage's {@code environment} block as written, or null
 */
public record Stage(
    String name,
    Agent agent,
    Closure<?> environment,
    Options options,
    When when,
    InputDefinition input,
    Closure<?> steps,
    List<Stage> stages,
    List<Stage> parallel,
    Matrix matrix,
    boolean failFast,
    Post post) {

  public Stage {
    stages = stages == null ? null : List.copyOf(stages);
    parallel = parallel == null ? null : List.copyOf(parallel);
    options = options == null ? Options.none() : options;
    post = post == null ? Post.none() : post;
  }
}
