package dev.tagship.pipeline.runtime;

import java.util.Map;

/**
 * What a symbol such as {@code usernamePassword(...)} or {@code string(...)} evaluates to: a
 * description another step interprets ({@code withCredentials}, {@code input}'s parameters).
 */
public record Describable(String symbol, Map<String, Object> arguments) {

  public Describable {
    arguments = Map.copyOf(arguments);
  }

  public String string(String key) {
    Object value = arguments.get(key);
    return value == null ? null : value.toString();
  }
}
