package dev.tagship.pipeline.dsl;

import dev.tagship.pipeline.model.Agent;
import dev.tagship.pipeline.model.ParameterDefinition;
import dev.tagship.pipeline.model.PipelineDefinition;
import dev.tagship.pipeline.model.Stage;
import groovy.lang.Closure;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the block of {@code pipeline { ... }} into a {@link PipelineDefinition}: the sections are
 * read now, their code (environment, conditions, steps) is kept to run later.
 */
public final class PipelineBuilder extends DirectivesBuilder {

  private List<ParameterDefinition> parameters = List.of();
  private final List<String> libraries = new ArrayList<>();
  private List<Stage> stages;

  private PipelineBuilder() {}

  public static PipelineDefinition read(Closure<?> body) {
    return DeclarativeErrors.collecting(() -> readAll(body));
  }

  private static PipelineDefinition readAll(Closure<?> body) {
    PipelineBuilder builder = new PipelineBuilder();
    read(body, builder);
    if (builder.agent == null) {
      DeclarativeErrors.report(JenkinsMessages.requiredSection("agent"));
    }
    if (builder.stages == null) {
      DeclarativeErrors.report(JenkinsMessages.requiredSection("stages"));
    }
    return new PipelineDefinition(
        builder.agent == null ? Agent.NONE : builder.agent,
        builder.environment,
        builder.options,
        builder.parameters,
        builder.libraries,
        builder.stages == null ? List.of() : builder.stages,
        builder.post);
  }

  public Object parameters(Closure<?> body) {
    once("parameters");
    parameters = ParametersBuilder.read(body);
    return CHAINED;
  }

  public Object libraries(Closure<?> body) {
    once("libraries");
    LibrariesBuilder builder = new LibrariesBuilder();
    read(body, builder);
    libraries.addAll(builder.names);
    return CHAINED;
  }

  public Object stages(Object... args) {
    once("stages");
    stages = StagesBuilder.read("stages", args, false);
    return CHAINED;
  }

  public Object triggers(Closure<?> body) {
    once("triggers");
    FreeFormBlock.read(body);
    return CHAINED;
  }

  @Override
  boolean stageLevel() {
    return false;
  }

  @Override
  String unknown(String name) {
    return switch (name) {
      case "properties" ->
          "The \u2018properties\u2019 section has been renamed as of version 0.8. Use"
              + " \u2018options\u2019 instead.";
      case "postBuild" ->
          "The \u2018postBuild\u2019 section has been renamed as of version 0.6. Use"
              + " \u2018post\u2019 for all post-build actions.";
      default -> JenkinsMessages.undefinedSection(name);
    };
  }

  /** {@code libraries { lib('name@version') }}. */
  private static final class LibrariesBuilder extends SectionBuilder {
    private final List<String> names = new ArrayList<>();

    public Object lib(Object name) {
      names.add(text(name));
      return CHAINED;
    }

    @Override
    String unknown(String name) {
      return "Expected a \"lib(...)\" but got " + name;
    }
  }
}
