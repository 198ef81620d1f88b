package dev.tagship.pipeline.dsl;

import dev.tagship.pipeline.model.ParameterDefinition;
import dev.tagship.pipeline.model.ParameterDefinition.Type;
import groovy.lang.Closure;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The block of {@code parameters { ... }} (and of an {@code input}'s parameters). */
final class ParametersBuilder extends SectionBuilder {

  private final List<ParameterDefinition> definitions = new ArrayList<>();
  private final Set<String> names = new HashSet<>();

  static List<ParameterDefinition> read(Closure<?> body) {
    ParametersBuilder builder = new ParametersBuilder();
    read(body, builder);
    return List.copyOf(builder.definitions);
  }

  public Object string(Map<?, ?> named) {
    add(
        Type.STRING,
        named,
        text(named.get("defaultValue")) == null ? "" : text(named.get("defaultValue")),
        List.of());
    return CHAINED;
  }

  public Object text(Map<?, ?> named) {
    add(
        Type.TEXT,
        named,
        named.get("defaultValue") == null ? "" : text(named.get("defaultValue")),
        List.of());
    return CHAINED;
  }

  public Object password(Map<?, ?> named) {
    add(
        Type.PASSWORD,
        named,
        named.get("defaultValue") == null ? "" : text(named.get("defaultValue")),
        List.of());
    return CHAINED;
  }

  public Object booleanParam(Map<?, ?> named) {
    Object value = named.get("defaultValue");
    add(
        Type.BOOLEAN,
        named,
        value == null ? Boolean.FALSE : Boolean.valueOf(value.toString()),
        List.of());
    return CHAINED;
  }

  public Object choice(Map<?, ?> named) {
    List<String> choices = choices(named.get("choices"));
    if (choices.isEmpty()) {
      throw new DeclarativeException(
          "choice parameter \"" + named.get("name") + "\" needs choices, e.g. choices: ['a', 'b']");
    }
    add(Type.CHOICE, named, choices.get(0), choices);
    return CHAINED;
  }

  private static List<String> choices(Object value) {
    if (value instanceof List<?> list) {
      return list.stream().map(String::valueOf).toList();
    }
    if (value == null) {
      return List.of();
    }
    return Arrays.stream(value.toString().split("\n")).filter(s -> !s.isEmpty()).toList();
  }

  private void add(Type type, Map<?, ?> named, Object defaultValue, List<String> choices) {
    String name = text(named.get("name"));
    if (name == null || name.isBlank()) {
      throw new DeclarativeException("Missing required parameter: \"name\"");
    }
    if (!names.add(name)) {
      throw new DeclarativeException("Duplicate parameter name: \"" + name + "\"");
    }
    definitions.add(
        new ParameterDefinition(
            type,
            name,
            defaultValue,
            text(named.get("description")),
            choices,
            Boolean.TRUE.equals(named.get("trim"))));
  }

  @Override
  String unknown(String name) {
    return JenkinsMessages.invalidSectionType("parameter", name, Type.symbols());
  }
}
