package dev.tagship.pipeline.model;

import java.util.List;
import java.util.Map;

/**
 * A stage's {@code matrix}: every combination of its axes' values, less the excluded ones, runs the
 * matrix's stages as one parallel branch.
 */
public record Matrix(List<Axis> axes, List<Exclude> excludes, Stage cell) {

  public record Axis(String name, List<String> values) {
    public Axis {
      values = List.copyOf(values);
    }
  }

  /** One {@code exclude}: a combination is excluded when every one of its axes matches. */
  public record Exclude(List<ExcludedAxis> axes) {
    public Exclude {
      axes = List.copyOf(axes);
    }

    boolean matches(Map<String, String> combination) {
      return axes.stream().allMatch(axis -> axis.matches(combination.get(axis.name())));
    }
  }

  /**
   * An axis of an {@code exclude}: {@code values} match the listed ones, {@code notValues} the
   * others.
   */
  public record ExcludedAxis(String name, List<String> values, boolean notValues) {
    public ExcludedAxis {
      values = List.copyOf(values);
    }

    boolean matches(String value) {
      return values.contains(value) != notValues;
    }
  }

  public Matrix {
    axes = List.copyOf(axes);
    excludes = List.copyOf(excludes);
  }

  /**
   * The combinations that run, in Jenkins' order: each axis's values in turn, combined with every
   * combination of the axes before it, so the first axis varies fastest.
   */
  public List<Map<String, String>> combinations() {
    List<Map<String, String>> all = new java.util.ArrayList<>();
    all.add(new java.util.LinkedHashMap<>());
    for (Axis axis : axes) {
      List<Map<String, String>> next = new java.util.ArrayList<>();
      for (String value : axis.values()) {
        for (Map<String, String> partial : all) {
          Map<String, String> combination = new java.util.LinkedHashMap<>(partial);
          combination.put(axis.name(), value);
          next.add(combination);
        }
      }
      all = next;
    }
    return all.stream()
        .filter(combination -> excludes.stream().noneMatch(e -> e.matches(combination)))
        .map(Map::copyOf)
        .map(c -> orderLike(c))
        .toList();
  }

  private Map<String, String> orderLike(Map<String, String> combination) {
    Map<String, String> ordered = new java.util.LinkedHashMap<>();
    for (Axis axis : axes) {
      ordered.put(axis.name(), combination.get(axis.name()));
    }
    return java.util.Collections.unmodifiableMap(ordered);
  }
}
