package dev.tagship.pipeline.model;

import java.util.List;

/**
 * One entry of a {@code parameters} block, or of an {@code input}'s parameters.
 *
 * @param defaultValue a String, or a Boolean for {@code booleanParam}
 * @param choices the choices of a {@code choice} parameter, the first being its default; empty for
 *     other types
 */
public record ParameterDefinition(
    Type type,
    String name,
    Object defaultValue,
    String description,
    List<String> choices,
    boolean trim) {

  public enum Type {
    STRING("string"),
    TEXT("text"),
    BOOLEAN("booleanParam"),
    CHOICE("choice"),
    PASSWORD("password");

    private final String symbol;

    Type(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }
  }

  public ParameterDefinition {
    choices = List.copyOf(choices);
  }

  public boolean secret() {
    return type == Type.PASSWORD;
  }
}
