package dev.tagship.pipeline.runtime;

import dev.tagship.pipeline.model.ParameterDefinition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Checks the values asked for on the command line against a pipeline's {@code parameters} and fills
 * in the defaults: unknown names, booleans that are not true/false and values that are not among a
 * choice's choices are refused, naming what is allowed.
 */
public final class ParameterValues {

  private ParameterValues() {}

  public static Map<String, Object> bind(
      List<ParameterDefinition> definitions, Map<String, String> requested) {
    Map<String, ParameterDefinition> byName = new LinkedHashMap<>();
    definitions.forEach(definition -> byName.put(definition.name(), definition));
    for (String name : requested.keySet()) {
      if (!byName.containsKey(name)) {
        throw new ParameterException(
            "unknown parameter '"
                + name
                + "'; this pipeline's parameters: "
                + (byName.isEmpty() ? "(none)" : new TreeSet<>(byName.keySet()).toString()));
      }
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (ParameterDefinition definition : definitions) {
      String given = requested.get(definition.name());
      values.put(
          definition.name(), given == null ? definition.defaultValue() : value(definition, given));
    }
    return values;
  }

  private static Object value(ParameterDefinition definition, String given) {
    return switch (definition.type()) {
      case BOOLEAN -> {
        if (!given.equalsIgnoreCase("true") && !given.equalsIgnoreCase("false")) {
          throw new ParameterException(
              "parameter '"
                  + definition.name()
                  + "' is a booleanParam: give true or false, not '"
                  + given
                  + "'");
        }
        yield Boolean.valueOf(given);
      }
      case CHOICE -> {
        // choices written as an expression are known to the run only, which checks the value
        if (!definition.evaluatedAtRunTime() && !definition.choices().contains(given)) {
          throw new ParameterException(
              "parameter '"
                  + definition.name()
                  + "' must be one of "
                  + definition.choices()
                  + ", not '"
                  + given
                  + "'");
        }
        yield given;
      }
      case STRING -> definition.trim() ? given.trim() : given;
      default -> given;
    };
  }

  /** A parameter value the pipeline does not accept: a usage error. */
  public static final class ParameterException extends AbortException {
    private static final long serialVersionUID = 1L;

    ParameterException(String message) {
      super(message);
    }
  }
}
