package dev.tagship.steps;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a step may use besides its parameters: the workspace it runs in, the build's environment,
 * the settings tagship's own code reads, the credentials store and the masked log. Passed in, never
 * read from globals.
 *
 * @param env the build's environment as the pipeline sees it: what a process the step starts for
 *     the build (a {@code verify} command) gets
 * @param tagshipEnv what tagship's own code in this process reads its settings from (sign-in,
 *     cluster, cache, build URL): {@code env} with the host's sign-in settings under it, which the
 *     build itself never sees ({@code TAGSHIP_REGISTRY_PASSWORD}...). Never hand it to a process
 *     the pipeline controls.
 * @param deployed the Helm revisions this run's steps made, shared by all of the run's steps
 */
public record StepContext(
    Path workspace,
    Map<String, String> env,
    Map<String, String> tagshipEnv,
    Credentials credentials,
    StepLog log,
    DeployedRevisions deployed) {

  public StepContext {
    if (workspace == null
        || env == null
        || tagshipEnv == null
        || credentials == null
        || log == null
        || deployed == null) {
      throw new IllegalArgumentException(
          "a step context needs workspace, env, tagshipEnv, credentials, log, deployed");
    }
    env = Map.copyOf(env);
    tagshipEnv = Map.copyOf(tagshipEnv);
  }

  /**
   * A context where tagship's code reads the build's environment and nothing else, for one run of
   * its own: each context made so is a run apart.
   */
  public StepContext(
      Path workspace, Map<String, String> env, Credentials credentials, StepLog log) {
    this(workspace, env, env, credentials, log, new DeployedRevisions());
  }

  /** {@code dir} resolved against the workspace; the workspace itself when null. */
  public Path resolve(String dir) {
    return dir == null || dir.isBlank() ? workspace : workspace.resolve(dir).normalize();
  }
}
