package dev.tagship.pipeline.steps;

import dev.tagship.pipeline.runtime.PipelineStep;
import dev.tagship.pipeline.runtime.StepCall;
import java.util.List;
import java.util.Set;

/**
 * checkout, git, library and libraryResource: in a local run the workspace already is the checkout,
 * and libraries come from the folders given on the command line.
 */
final class ScmSteps {

  private ScmSteps() {}

  static List<PipelineStep> all() {
    return List.of(
        SimpleStep.of(
            "checkout",
            "scm",
            Set.of("scm", "poll", "changelog"),
            call -> {
              call.print(
                  "Using the local clone in " + call.run().workspace() + " (nothing to check out)");
              return call.run().env().getEnvironment().entrySet().stream()
                  .filter(e -> e.getKey().startsWith("GIT_"))
                  .collect(
                      java.util.stream.Collectors.toMap(
                          java.util.Map.Entry::getKey, java.util.Map.Entry::getValue));
            }),
        SimpleStep.of(
            "git",
            "url",
            Set.of("url", "branch", "credentialsId", "changelog", "poll"),
            call -> {
              call.print(
                  "Using the local clone in "
                      + call.run().workspace()
                      + " (nothing to check out; on Jenkins: "
                      + call.string("url")
                      + (call.has("branch") ? ", branch " + call.string("branch") : "")
                      + ")");
              return null;
            }),
        SimpleStep.of(
            "library",
            "identifier",
            Set.of("identifier", "changelog", "retriever"),
            ScmSteps::library),
        SimpleStep.of(
            "libraryResource",
            "resource",
            Set.of("resource", "encoding"),
            call -> call.run().libraries().resource(call.required("resource"))));
  }

  private static Object library(StepCall call) {
    String line = call.run().libraries().load(call.required("identifier"));
    if (line != null) {
      call.print(line);
    }
    return null;
  }
}
