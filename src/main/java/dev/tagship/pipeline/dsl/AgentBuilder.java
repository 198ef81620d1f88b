package dev.tagship.pipeline.dsl;

import dev.tagship.pipeline.model.Agent;
import groovy.lang.Closure;
import java.util.List;

/** The block of {@code agent { ... }}: one agent type. */
final class AgentBuilder extends SectionBuilder {

  private static final List<String> TYPES =
      List.of("any", "docker", "dockerfile", "kubernetes", "label", "node", "none");

  private Agent agent;
  private boolean unknownType;

  @Override
  public Object methodMissing(String name, Object args) {
    unknownType = true;
    return super.methodMissing(name, args);
  }

  static Agent read(Object[] args) {
    if (args.length == 1 && args[0] instanceof Agent agent) {
      return agent;
    }
    if (args.length == 1 && args[0] instanceof Closure<?> body) {
      AgentBuilder builder = new AgentBuilder();
      read(body, builder);
      if (builder.agent == null && !builder.unknownType) {
        throw new DeclarativeException("No agent type specified. Must be one of " + TYPES);
      }
      if (builder.agent == null) {
        return Agent.ANY;
      }
      return builder.agent;
    }
    if (args.length == 1
        && args[0] instanceof java.util.Map<?, ?> map
        && map.containsKey("label")) {
      return new Agent(Agent.Kind.LABEL, "label '" + map.get("label") + "'");
    }
    throw new DeclarativeException(JenkinsMessages.invalidAgent());
  }

  private void set(Agent.Kind kind, String description) {
    if (agent != null) {
      throw new DeclarativeException("Only one agent type is allowed per agent section");
    }
    agent = new Agent(kind, description);
  }

  public Object label(Object label) {
    set(Agent.Kind.LABEL, "label '" + label + "'");
    return CHAINED;
  }

  public Object node(Closure<?> body) {
    FreeFormBlock block = FreeFormBlock.read(body);
    set(Agent.Kind.NODE, "node { " + block.summary() + " }");
    return CHAINED;
  }

  public Object docker(Object image) {
    if (image instanceof Closure<?> body) {
      set(Agent.Kind.DOCKER, "docker { " + FreeFormBlock.read(body).summary() + " }");
    } else {
      set(Agent.Kind.DOCKER, "docker '" + image + "'");
    }
    return CHAINED;
  }

  public Object dockerfile(Object spec) {
    if (spec instanceof Closure<?> body) {
      set(Agent.Kind.DOCKERFILE, "dockerfile { " + FreeFormBlock.read(body).summary() + " }");
    } else {
      set(Agent.Kind.DOCKERFILE, "dockerfile " + spec);
    }
    return CHAINED;
  }

  public Object kubernetes(Closure<?> body) {
    set(Agent.Kind.KUBERNETES, "kubernetes { " + FreeFormBlock.read(body).summary() + " }");
    return CHAINED;
  }

  public Agent getAny() {
    return Agent.ANY;
  }

  public Agent getNone() {
    return Agent.NONE;
  }

  @Override
  String unknown(String name) {
    return JenkinsMessages.invalidAgentType(name, TYPES);
  }
}
