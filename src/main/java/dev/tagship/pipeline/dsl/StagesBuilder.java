package dev.tagship.pipeline.dsl;

import dev.tagship.pipeline.model.Stage;
import groovy.lang.Closure;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The block of {@code stages { ... }} or {@code parallel { ... }}: stages, nothing else. */
final class StagesBuilder extends SectionBuilder {

  private final List<Stage> stages = new ArrayList<>();
  private final Set<String> names = new HashSet<>();
  private final boolean insideParallel;

  private StagesBuilder(boolean insideParallel) {
    this.insideParallel = insideParallel;
  }

  static List<Stage> read(String section, Object[] args, boolean insideParallel) {
    StagesBuilder builder = new StagesBuilder(insideParallel);
    read(closureArgument(section, args), builder);
    if (builder.stages.isEmpty()) {
      throw new DeclarativeException(JenkinsMessages.noStages());
    }
    return List.copyOf(builder.stages);
  }

  public Object stage(Object name, Closure<?> body) {
    String stageName = text(name);
    if (stageName == null || stageName.isBlank()) {
      throw new DeclarativeException(JenkinsMessages.stageWithoutName());
    }
    if (!names.add(stageName)) {
      DeclarativeErrors.report(JenkinsMessages.duplicateStageName(stageName));
    }
    stages.add(StageBuilder.read(stageName, body, insideParallel));
    return CHAINED;
  }

  public Object stage(Closure<?> body) {
    throw new DeclarativeException(JenkinsMessages.stageWithoutName());
  }

  @Override
  String unknown(String name) {
    return JenkinsMessages.expectedStage();
  }
}
