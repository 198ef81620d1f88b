package dev.tagship.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tagship.pipeline.runtime.ParameterValueLimits;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parameter values from a JSON object, as the text {@code tagship run -p NAME=VALUE} would give; a
 * value no run may have (a NUL, over 64 KB) is a 400 naming the parameter.
 */
final class Values {

  private Values() {}

  static Map<String, String> strings(JsonNode object) {
    Map<String, String> values = new LinkedHashMap<>();
    if (object == null || object.isMissingNode() || object.isNull()) {
      return values;
    }
    if (!object.isObject()) {
      throw HttpProblem.badRequest("parameter values must be a JSON object of name: value");
    }
    object
        .properties()
        .forEach(
            field -> {
              JsonNode value = field.getValue();
              if (!value.isValueNode() || value.isNull()) {
                throw new HttpProblem(
                    400,
                    "parameter '"
                        + field.getKey()
                        + "' must be a string, number or boolean, not "
                        + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT),
                    Map.of("parameter", field.getKey()));
              }
              try {
                ParameterValueLimits.check(field.getKey(), value.asText());
              } catch (IllegalArgumentException e) {
                throw new HttpProblem(400, e.getMessage(), Map.of("parameter", field.getKey()));
              }
              values.put(field.getKey(), value.asText());
            });
    return values;
  }
}
