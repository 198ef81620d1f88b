package dev.tagship.pipeline.runtime;

import java.util.List;

/**
 * What changed in the build, for {@code when { changeset ... }} and {@code changelog}: the paths
 * and the commit messages.
 */
public record ChangeSet(List<String> files, List<String> messages) {

  public ChangeSet {
    files = List.copyOf(files);
    messages = List.copyOf(messages);
  }

  public static ChangeSet empty() {
    return new ChangeSet(List.of(), List.of());
  }
}
