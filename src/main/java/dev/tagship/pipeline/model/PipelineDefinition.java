package dev.tagship.pipeline.model;

import groovy.lang.Closure;
import java.util.List;

/**
 * A declarative pipeline as its Jenkinsfile states it: the structure is read when the file is
 * loaded, while everything that computes values (environment, conditions, steps) stays as written
 * and runs when its turn comes, as in Jenkins.
 *
 * @param environment the top-level {@code environment} block as written, or null
 * @param libraries the names given in a {@code libraries { lib('name') }} section
 */
public record PipelineDefinition(
    Agent agent,
    Closure<?> environment,
    Options options,
    List<ParameterDefinition> parameters,
    List<String> libraries,
    List<Stage> stages,
    Post post) {

  public PipelineDefinition {
    parameters = List.copyOf(parameters);
    libraries = List.copyOf(libraries);
    stages = List.copyOf(stages);
    options = options == null ? Options.none() : options;
    post = post == null ? Post.none() : post;
  }
}
