package dev.tagship.pipeline.dsl;

import dev.tagship.pipeline.model.Agent;
import dev.tagship.pipeline.model.Options;
import dev.tagship.pipeline.model.Post;
import groovy.lang.Closure;
import java.util.HashSet;
import java.util.Set;

/**
 * The directives a pipeline and a stage both take — agent, environment, options, post, tools — each
 * at most once.
 */
abstract class DirectivesBuilder extends SectionBuilder {

  private final Set<String> seen = new HashSet<>();
  Agent agent;
  Closure<?> environment;
  Options options;
  Post post;

  /** Whether these are a stage's directives, which allow fewer options than a pipeline's. */
  abstract boolean stageLevel();

  final void once(String section) {
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
    options = OptionsBuilder.read(args, stageLevel());
    return CHAINED;
  }

  public Object post(Object... args) {
    once("post");
    post = PostBuilder.read(args);
    return CHAINED;
  }

  /** Accepted so Jenkinsfiles that use them run; tools mean nothing to one run. */
  public Object tools(Closure<?> body) {
    once("tools");
    FreeFormBlock.read(body);
    return CHAINED;
  }
}
