package dev.tagship.steps;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a step may use besides its parameters: the workspace it runs in, the build's environment,
 * the credentials store and the masked log. Passed in, never read from globals.
 */
public record StepContext(
    Path workspace, Map<String, String> env, Credentials credentials, StepLog log) {

  public StepContext {
    if (workspace == null || env == null || credentials == null || log == null) {
      throw new IllegalArgumentException("a step context needs workspace, env, credentials, log");
    }
    env = Map.copyOf(env);
  }

  /** {@code dir} resolved against the workspace; the workspace itself when null. */
  public Path resolve(String dir) {
    return dir == null || dir.isBlank() ? workspace : workspace.resolve(dir).normalize();
  }
}
