package dev.tagship.pipeline.model;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One entry of a {@code parameters} block, or of an {@code input}'s parameters.
 *
 * @param defaultValue a String, or a Boolean for {@code booleanParam}; null when the default is an
 *     expression
 * @param choices the choices of a {@code choice} parameter, the first being its default; empty for
 *     other types, and when the choices are an expression
 * @param defaultExpression the Groovy source of a default (or of a choice's choices) that is not a
 *     literal, such as {@code env.BRANCH_NAME}: a Jenkinsfile read without running it cannot know
 *     its value, which the run computes; null when the default is a literal
 */
public record ParameterDefinition(
    Type type,
    String name,
    Object defaultValue,
    String description,
    List<String> choices,
    boolean trim,
    String defaultExpression) {

  /**
   * The kinds of parameter tagship knows, by the symbol a Jenkinsfile writes: the one list both the
   * declarative reader ({@code parameters { }}) and the syntax-tree reader accept.
   */
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

    /** The kind written {@code symbol}, if there is one. */
    public static Optional<Type> ofSymbol(String symbol) {
      return Arrays.stream(values()).filter(type -> type.symbol.equals(symbol)).findFirst();
    }

    /** Every symbol, sorted, for messages that list what is allowed. */
    public static List<String> symbols() {
      return Arrays.stream(values()).map(Type::symbol).sorted().toList();
    }
  }

  public ParameterDefinition {
    choices = List.copyOf(choices);
  }

  /** A parameter whose default is a literal value. */
  public ParameterDefinition(
      Type type,
      String name,
      Object defaultValue,
      String description,
      List<String> choices,
      boolean trim) {
    this(type, name, defaultValue, description, choices, trim, null);
  }

  public boolean secret() {
    return type == Type.PASSWORD;
  }

  /** True when the default is an expression the run evaluates: see {@link #defaultExpression}. */
  public boolean evaluatedAtRunTime() {
    return defaultExpression != null;
  }
}
