package dev.tagship.pipeline.steps;

import dev.tagship.pipeline.runtime.PipelineStep;
import dev.tagship.steps.StepRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every step the engine offers: Jenkins' common steps and tagship's own, by name. */
public final class BuiltinSteps {

  private BuiltinSteps() {}

  public static Map<String, PipelineStep> with(StepRegistry tagship) {
    List<PipelineStep> all = new ArrayList<>();
    all.addAll(BasicSteps.all());
    all.addAll(CoordinationSteps.all());
    all.addAll(JobPropertySteps.all());
    all.add(new ShellStep());
    all.addAll(FileSteps.all());
    all.addAll(ArtifactSteps.all());
    all.addAll(ScmSteps.all());
    all.addAll(Symbols.all());
    all.addAll(TagshipSteps.all(tagship));
    Map<String, PipelineStep> byName = new LinkedHashMap<>();
    for (PipelineStep step : all) {
      if (byName.put(step.name(), step) != null) {
        throw new IllegalStateException("two steps are named " + step.name());
      }
    }
    return Map.copyOf(byName);
  }
}
