package dev.tagship.pipeline.model;

/**
 * Where a pipeline or stage runs, as its {@code agent} section says. tagship runs everything on the
 * machine it is started on; an agent it cannot provide (a Kubernetes pod, a Docker container) is
 * reported, never silently pretended.
 *
 * @param description what the section asked for, e.g. {@code label 'linux'}, for the log
 */
public record Agent(Kind kind, String description) {

  public enum Kind {
    ANY,
    NONE,
    LABEL,
    NODE,
    DOCKER,
    DOCKERFILE,
    KUBERNETES
  }

  public static final Agent ANY = new Agent(Kind.ANY, "any");
  public static final Agent NONE = new Agent(Kind.NONE, "none");

  public boolean runsHere() {
    return kind == Kind.ANY || kind == Kind.LABEL || kind == Kind.NODE;
  }
}
