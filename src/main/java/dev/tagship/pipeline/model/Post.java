package dev.tagship.pipeline.model;

import groovy.lang.Closure;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@code post} section: a block per build condition. */
public record Post(Map<String, Closure<?>> blocks) {

  /** Jenkins runs post conditions in this order whatever order the Jenkinsfile lists them in. */
  public static final List<String> CONDITIONS =
      List.of(
          "always",
          "changed",
          "fixed",
          "regression",
          "aborted",
          "success",
          "unsuccessful",
          "unstable",
          "failure",
          "notBuilt",
          "cleanup");

  public Post {
    blocks = new LinkedHashMap<>(blocks);
  }

  public static Post none() {
    return new Post(Map.of());
  }

  public boolean isEmpty() {
    return blocks.isEmpty();
  }
}
