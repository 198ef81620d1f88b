package dev.tagship.pipeline.dsl;

import dev.tagship.pipeline.model.InputDefinition;
import dev.tagship.pipeline.model.Matrix;
import dev.tagship.pipeline.model.Stage;
import dev.tagship.pipeline.model.When;
import groovy.lang.Closure;
import java.util.List;

/** The block of {@code stage('name') { ... }}, and of a {@code matrix}'s cell. */
class StageBuilder extends DirectivesBuilder {

  private final String name;
  private final boolean insideParallel;
  When when;
  InputDefinition input;
  Closure<?> steps;
  List<Stage> stages;
  List<Stage> parallel;
  Matrix matrix;
  boolean failFast;

  StageBuilder(String name, boolean insideParallel) {
    this.name = name;
    this.insideParallel = insideParallel;
  }

  static Stage read(String name, Closure<?> body, boolean insideParallel) {
    StageBuilder builder = new StageBuilder(name, insideParallel);
    read(body, builder);
    return builder.build();
  }

  Stage build() {
    int kinds =
        (steps != null ? 1 : 0)
            + (stages != null ? 1 : 0)
            + (parallel != null ? 1 : 0)
            + (matrix != null ? 1 : 0);
    if (kinds == 0) {
      DeclarativeErrors.report(JenkinsMessages.nothingForStage(name));
    }
    if (kinds > 1) {
      DeclarativeErrors.report(JenkinsMessages.twoOfStepsStagesParallel(name));
    }
    if (agent != null && (parallel != null || matrix != null)) {
      throw new DeclarativeException(
          "\"agent\" is not allowed in stage \""
              + name
              + "\" as it contains parallel or matrix stages");
    }
    return new Stage(
        name,
        agent,
        environment,
        options,
        when,
        input,
        steps,
        stages,
        parallel,
        matrix,
        failFast,
        post);
  }

  public Object when(Closure<?> body) {
    once("when");
    WhenBuilder.check(body);
    when = new When(body);
    return CHAINED;
  }

  public Object input(Object... args) {
    once("input");
    input = InputBuilder.read(args);
    return CHAINED;
  }

  public Object steps(Closure<?> body) {
    once("steps");
    steps = body;
    return CHAINED;
  }

  public Object stages(Object... args) {
    once("stages");
    stages = StagesBuilder.read("stages", args, insideParallel);
    return CHAINED;
  }

  public Object parallel(Object... args) {
    once("parallel");
    nestedOnce();
    parallel = StagesBuilder.read("parallel", args, true);
    return CHAINED;
  }

  public Object matrix(Closure<?> body) {
    once("matrix");
    nestedOnce();
    matrix = MatrixBuilder.read(body);
    return CHAINED;
  }

  private void nestedOnce() {
    if (insideParallel) {
      throw new DeclarativeException(
          "\"matrix\" or \"parallel\" cannot be nested inside another \"matrix\" or \"parallel\".");
    }
  }

  public Object failFast(boolean value) {
    once("failFast");
    failFast = value;
    return CHAINED;
  }

  @Override
  boolean stageLevel() {
    return true;
  }

  @Override
  String unknown(String section) {
    return JenkinsMessages.unknownStageSection(section);
  }
}
