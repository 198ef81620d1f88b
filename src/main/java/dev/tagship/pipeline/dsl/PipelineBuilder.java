package dev.tagship.pipeline.dsl;

import dev.tagship.pipeline.model.Agent;
import dev.tagship.pipeline.model.Options;
import dev.tagship.pipeline.model.ParameterDefinition;
import dev.tagship.pipeline.model.PipelineDefinition;
import dev.tagship.pipeline.model.Post;
import dev.tagship.pipeline.model.Stage;
import groovy.lang.Closure;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the block of {@code pipeline { ... }} into a {@link PipelineDefinition}: the sections are
 * read now, their code (environment, conditions, steps) is kept to run later.
 */
public final class PipelineBuilder extends SectionBuilder {

  private final Set<String> seen = new HashSet<>();
  private Agent agent;
  private Closure<?> environment;
  private Options options;
  private List<ParameterDefinition> parameters = List.of();
  private final List<String> libraries = new ArrayList<>();
  private List<Stage> stages;
  private Post post;

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

  private void once(String section) {
    if (!seen.add(section)) {
      throw new DeclarativeException(JenkinsMessages.multipleOfSection(section));
    }
  }

  public Object agent(Object... args) {
    once("agent");
    agent = AgentBuilder.read(args);
    return CHAINED;
  }

  public Agent getAny() {
    return Agent.ANY;
  }

  public Agent getNone() {
    return Agent.NONE;
  }

  public Object environment(Closure<?> body) {
    once("environment");
    environment = body;
    return CHAINED;
  }

  public Object options(Object... args) {
    once("options");
    options = OptionsBuilder.read(args, false);
    return CHAINED;
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

  public Object post(Object... args) {
    once("post");
    post = PostBuilder.read(args);
    return CHAINED;
  }

  /** Accepted so Jenkinsfiles that use them run; tools and triggers mean nothing to one run. */
  public Object tools(Closure<?> body) {
    once("tools");
    FreeFormBlock.read(body);
    return CHAINED;
  }

  public Object triggers(Closure<?> body) {
    once("triggers");
    FreeFormBlock.read(body);
    return CHAINED;
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
