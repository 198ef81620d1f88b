package dev.tagship.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parameter values from a JSON object, as the text {@code tagship run -p NAME=VALUE} would give.
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
              values.put(field.getKey(), value.asText());
            });
    return values;
  }
}
