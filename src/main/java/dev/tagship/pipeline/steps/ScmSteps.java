package dev.tagship.pipeline.steps;

import dev.tagship.pipeline.runtime.PipelineStep;
import dev.tagship.pipeline.runtime.StepCall;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * checkout, git, library and libraryResource: in a local run the workspace already is the checkout,
 * and libraries come from the folders given on the command line.
 */
final class ScmSteps {

  private ScmSteps() {}

  static List<PipelineStep> all() {
    return List.of(
        SimpleStep.of(
            "checkout", "scm", Set.of("scm", "poll", "changelog"), call -> localClone(call, "")),
        SimpleStep.of(
            "git",
            "url",
            Set.of("url", "branch", "credentialsId", "changelog", "poll"),
            call ->
                localClone(
                    call,
                    "; on Jenkins: "
                        + withoutUserInfo(call.string("url"))
                        + (call.has("branch") ? ", branch " + call.string("branch") : ""))),
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

  /** The checkout a local run already is; answers the GIT_ variables, as checkout does. */
  private static Map<String, String> localClone(StepCall call, String jenkinsWould) {
    call.print(
        "Using the local clone in "
            + call.run().workspace()
            + " (nothing to check out"
            + jenkinsWould
            + ")");
    return call.run().env().getEnvironment().entrySet().stream()
        .filter(e -> e.getKey().startsWith("GIT_"))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  /** A repository address without the user name and token some put in it. */
  static String withoutUserInfo(String url) {
    if (url == null) {
      return null;
    }
    return url.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://)[^/@]*@", "$1");
  }

  private static Object library(StepCall call) {
    String line = call.run().libraries().load(call.required("identifier"));
    if (line != null) {
      call.print(line);
    }
    return null;
  }
}
