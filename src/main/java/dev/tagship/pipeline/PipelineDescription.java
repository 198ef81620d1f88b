package dev.tagship.pipeline;

import dev.tagship.pipeline.model.ParameterDefinition;
import java.util.List;

/**
 * What a Jenkinsfile declares, read without running it.
 *
 * @param parameters its {@code parameters} block, in order
 * @param stages the names of its top-level stages, in order
 */
public record PipelineDescription(List<ParameterDefinition> parameters, List<String> stages) {

  public PipelineDescription {
    parameters = List.copyOf(parameters);
    stages = List.copyOf(stages);
  }
}
