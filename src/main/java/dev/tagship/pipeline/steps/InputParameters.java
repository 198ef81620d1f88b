package dev.tagship.pipeline.steps;

import dev.tagship.pipeline.model.ParameterDefinition;
import dev.tagship.pipeline.model.ParameterDefinition.Type;
import dev.tagship.pipeline.runtime.AbortException;
import dev.tagship.pipeline.runtime.Describable;
import java.util.Arrays;
import java.util.List;

/**
 * The parameters of an {@code input} step, written as {@code string(name: ..., ...)} and the like.
 */
final class InputParameters {

  private InputParameters() {}

  static ParameterDefinition definition(Describable parameter) {
    String name = parameter.string("name");
    if (name == null) {
      throw new AbortException(parameter.symbol() + ": missing required parameter \"name\"");
    }
    Object defaultValue = parameter.arguments().get("defaultValue");
    String description = parameter.string("description");
    return switch (parameter.symbol()) {
      case "string" ->
          new ParameterDefinition(
              Type.STRING, name, text(defaultValue), description, List.of(), false);
      case "text" ->
          new ParameterDefinition(
              Type.TEXT, name, text(defaultValue), description, List.of(), false);
      case "password" ->
          new ParameterDefinition(
              Type.PASSWORD, name, text(defaultValue), description, List.of(), false);
      case "booleanParam" ->
          new ParameterDefinition(
              Type.BOOLEAN,
              name,
              Boolean.valueOf(String.valueOf(defaultValue)),
              description,
              List.of(),
              false);
      case "choice" -> {
        Object choices = parameter.arguments().get("choices");
        List<String> list =
            choices instanceof List<?> values
                ? values.stream().map(String::valueOf).toList()
                : Arrays.stream(String.valueOf(choices).split("\n")).toList();
        yield new ParameterDefinition(
            Type.CHOICE, name, list.isEmpty() ? null : list.get(0), description, list, false);
      }
      default ->
          throw new AbortException(
              "input parameters are string, text, password, booleanParam or choice, not "
                  + parameter.symbol());
    };
  }

  private static String text(Object value) {
    return value == null ? "" : value.toString();
  }
}
