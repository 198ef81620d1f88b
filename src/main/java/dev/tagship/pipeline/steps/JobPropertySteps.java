package dev.tagship.pipeline.steps;

import dev.tagship.pipeline.model.ParameterDefinition;
import dev.tagship.pipeline.runtime.AbortException;
import dev.tagship.pipeline.runtime.Describable;
import dev.tagship.pipeline.runtime.PipelineStep;
import dev.tagship.pipeline.runtime.StepCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code properties([...])}, with which scripted pipelines set their job's properties, and the
 * symbols written inside it. {@code parameters([...])} gives the build its parameters, bound from
 * {@code -p} and defaults as a declarative {@code parameters} block is; the other properties (build
 * discarder, triggers, ...) configure a Jenkins job and are only named in the log.
 */
final class JobPropertySteps {

  private JobPropertySteps() {}

  static List<PipelineStep> all() {
    return List.of(
        SimpleStep.of(
            "properties", "properties", Set.of("properties"), JobPropertySteps::properties),
        SimpleStep.symbol("parameters", "parameterDefinitions", Set.of("parameterDefinitions")),
        SimpleStep.symbol("buildDiscarder", "strategy", Set.of("strategy")),
        SimpleStep.symbol(
            "logRotator",
            Set.of(
                "numToKeepStr", "daysToKeepStr", "artifactNumToKeepStr", "artifactDaysToKeepStr")),
        SimpleStep.symbol("pipelineTriggers", "triggers", Set.of("triggers")),
        SimpleStep.symbol("cron", "spec", Set.of("spec")),
        SimpleStep.symbol(
            "pollSCM", "scmpoll_spec", Set.of("scmpoll_spec", "ignorePostCommitHooks")),
        SimpleStep.symbol("disableConcurrentBuilds", Set.of("abortPrevious")),
        SimpleStep.symbol("disableResume", Set.of()),
        SimpleStep.symbol("durabilityHint", "hint", Set.of("hint")));
  }

  private static Object properties(StepCall call) throws Exception {
    List<String> jobOnly = new ArrayList<>();
    for (Object property : call.list("properties")) {
      if (!(property instanceof Describable described)) {
        jobOnly.add(String.valueOf(property));
        continue;
      }
      if (described.symbol().equals("parameters")) {
        List<ParameterDefinition> definitions = new ArrayList<>();
        Object listed = described.arguments().get("parameterDefinitions");
        if (!(listed instanceof List<?> parameters)) {
          throw new AbortException(
              "parameters: give a list, e.g. parameters([string(name: 'TARGET')])");
        }
        for (Object parameter : parameters) {
          if (!(parameter instanceof Describable definition)) {
            throw new AbortException(
                "parameters: " + parameter + " is not a parameter such as string(name: 'X')");
          }
          definitions.add(InputParameters.definition(definition));
        }
        call.run().bindParameters(definitions);
      } else if (described.symbol().equals("disableConcurrentBuilds")) {
        call.run().disableConcurrentBuilds();
      } else {
        jobOnly.add(described.symbol());
      }
    }
    if (!jobOnly.isEmpty()) {
      call.print(
          "Job properties of a Jenkins job, nothing to do in a local run: "
              + String.join(", ", jobOnly));
    }
    return null;
  }
}
