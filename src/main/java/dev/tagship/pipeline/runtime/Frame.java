package dev.tagship.pipeline.runtime;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the code of a pipeline runs at one moment: the environment set by enclosing {@code
 * withEnv}/{@code environment} blocks, the directory set by {@code dir}, and the parallel branch it
 * belongs to. Immutable; a block runs in a new frame and the old one comes back after it.
 *
 * @param overlay variables set by enclosing blocks; they win over {@code env.X = ...}
 * @param branch the innermost parallel branch, which prefixes its output lines, or null
 * @param stage the innermost stage, or null
 */
public record Frame(Map<String, String> overlay, Path directory, String branch, String stage) {

  public Frame {
    overlay = Map.copyOf(overlay);
  }

  public Frame withVariables(Map<String, String> variables) {
    Map<String, String> merged = new LinkedHashMap<>(overlay);
    merged.putAll(variables);
    return new Frame(merged, directory, branch, stage);
  }

  public Frame inDirectory(Path path) {
    return new Frame(overlay, path, branch, stage);
  }

  public Frame inBranch(String name) {
    return new Frame(overlay, directory, name, stage);
  }

  public Frame inStage(String name) {
    return new Frame(overlay, directory, branch, name);
  }
}
