package dev.tagship.pipeline.store;

import java.util.Map;

/**
 * A recorded run as lists show it.
 *
 * @param result null while the run is going on
 * @param parameters the values the run had, password values masked
 * @param durationMillis null while the run is going on
 */
public record RunSummary(
    long id,
    String pipeline,
    int number,
    String result,
    String startedAt,
    Long durationMillis,
    Map<String, String> parameters,
    String commit,
    String error) {

  public RunSummary {
    parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
  }
}
