package dev.tagship.web;

import dev.tagship.pipeline.model.ParameterDefinition;
import dev.tagship.pipeline.runtime.InputHandler;
import dev.tagship.pipeline.store.RunSummary;
import dev.tagship.pipeline.store.StageRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes of runs, stages, inputs and parameters; durations are in milliseconds. */
final class RunJson {

  /** How many characters of a parameter value a listing of runs shows. */
  static final int LISTED_VALUE_LENGTH = 200;

  private RunJson() {}

  /**
   * A run as a listing shows it: long parameter values are cut to their first {@value
   * #LISTED_VALUE_LENGTH} characters and "…", so one run's 64 KB value cannot swell every listing;
   * the run's own page has them whole.
   */
  static Map<String, Object> listed(RunSummary run) {
    Map<String, Object> json = summary(run);
    Map<String, String> shortened = new LinkedHashMap<>();
    run.parameters().forEach((name, value) -> shortened.put(name, shortened(value)));
    json.put("parameters", shortened);
    return json;
  }

  static Map<String, Object> summary(RunSummary run) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", run.id());
    json.put("pipeline", run.pipeline());
    json.put("number", run.number());
    json.put("result", run.result());
    json.put("running", run.result() == null);
    json.put("startedAt", run.startedAt());
    json.put("duration", run.durationMillis());
    json.put("parameters", run.parameters());
    json.put("commit", run.commit());
    json.put("error", run.error());
    return json;
  }

  private static String shortened(String value) {
    if (value == null || value.codePointCount(0, value.length()) <= LISTED_VALUE_LENGTH) {
      return value;
    }
    return value.substring(0, value.offsetByCodePoints(0, LISTED_VALUE_LENGTH)) + "\u2026";
  }

  static Map<String, Object> stage(StageRecord stage) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", stage.id());
    json.put("parentId", stage.parentId());
    json.put("name", stage.name());
    json.put("status", stage.status());
    json.put("startedAt", stage.startedAt());
    json.put("duration", stage.durationMillis());
    return json;
  }

  static Map<String, Object> input(InputHandler.Request input) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", input.id());
    json.put("message", input.message());
    json.put("ok", input.ok());
    json.put("submitter", input.submitter());
    json.put("stage", input.stage());
    json.put("parameters", parameters(input.parameters()));
    return json;
  }

  /** A parameter as a form needs it; a password's default is never sent, only that it has one. */
  static List<Map<String, Object>> parameters(List<ParameterDefinition> definitions) {
    return definitions.stream().map(RunJson::parameter).toList();
  }

  private static Map<String, Object> parameter(ParameterDefinition definition) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", definition.name());
    json.put("type", definition.type().symbol());
    json.put("description", definition.description());
    json.put("choices", definition.choices());
    if (definition.evaluatedAtRunTime()) {
      // shown as written: the run evaluates it, in its own process, when it starts
      json.put("default", null);
      json.put("defaultExpression", definition.defaultExpression());
    } else if (definition.secret()) {
      json.put("default", null);
      json.put("hasDefault", definition.defaultValue() != null);
    } else {
      json.put("default", definition.defaultValue());
    }
    return json;
  }
}
