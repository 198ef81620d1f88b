package dev.tagship.pipeline.runtime;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Where the code of a pipeline runs at one moment: the environment set by enclosing {@code
 * withEnv}/{@code environment} blocks, the directory set by {@code dir}, and the parallel branch it
 * belongs to. Immutable; a block runs in a new frame and the old one comes back after it.
 *
 * @param overlay variables set by enclosing blocks; they win over {@code env.X = ...}
 * @param branch the innermost parallel branch, which prefixes its output lines, or null
 * @param stage the innermost stage, or null
 * @param sensitive the variables among {@code overlay} that hold a bound credential's secret, as
 *     Jenkins' EnvironmentExpander.getSensitiveVariables names them
 */
public record Frame(
    Map<String, String> overlay,
    Path directory,
    String branch,
    String stage,
    Set<String> sensitive) {

  public Frame {
    overlay = Map.copyOf(overlay);
    sensitive = Set.copyOf(sensitive);
  }

  public Frame(Map<String, String> overlay, Path directory, String branch, String stage) {
    this(overlay, directory, branch, stage, Set.of());
  }

  public Frame withVariables(Map<String, String> variables) {
    return withSecretVariables(variables, Set.of());
  }

  /** Sets {@code variables}; those named in {@code secret} hold a credential's secret. */
  public Frame withSecretVariables(Map<String, String> variables, Set<String> secret) {
    Map<String, String> merged = new LinkedHashMap<>(overlay);
    merged.putAll(variables);
    Set<String> names = new HashSet<>(sensitive);
    names.addAll(secret);
    return new Frame(merged, directory, branch, stage, names);
  }

  public Frame inDirectory(Path path) {
    return new Frame(overlay, path, branch, stage, sensitive);
  }

  public Frame inBranch(String name) {
    return new Frame(overlay, directory, name, stage, sensitive);
  }

  public Frame inStage(String name) {
    return new Frame(overlay, directory, branch, name, sensitive);
  }
}
