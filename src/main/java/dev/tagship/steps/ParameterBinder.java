package dev.tagship.steps;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Binds the named arguments of a step call ({@code tagVersion(bump: 'minor', path: 'web/')}) to the
 * step's parameter record. Groovy hands over GStrings, Integers and Lists; each is converted to the
 * record component's type or rejected with a message naming the step, the key and the keys the step
 * allows.
 */
public final class ParameterBinder {

  private ParameterBinder() {}

  public static <P extends Record> P bind(String step, Class<P> type, Map<?, ?> arguments) {
    RecordComponent[] components = type.getRecordComponents();
    Map<String, RecordComponent> byName = new LinkedHashMap<>();
    for (RecordComponent component : components) {
      byName.put(component.getName(), component);
    }
    for (Object key : arguments.keySet()) {
      if (!byName.containsKey(String.valueOf(key))) {
        throw new StepException(
            step + ": unknown parameter '" + key + "'; allowed: " + allowed(components));
      }
    }
    Object[] values = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      RecordComponent component = components[i];
      Object raw = arguments.get(component.getName());
      if (raw == null && component.isAnnotationPresent(Required.class)) {
        throw new StepException(
            step
                + ": parameter '"
                + component.getName()
                + "' is required; allowed: "
                + allowed(components));
      }
      values[i] = convert(step, component, raw);
    }
    Class<?>[] types =
        Arrays.stream(components).map(RecordComponent::getType).toArray(Class[]::new);
    try {
      Constructor<P> constructor = type.getDeclaredConstructor(types);
      return constructor.newInstance(values);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime; // the record's own validation, already worded for the user
      }
      throw new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "step parameter record " + type.getName() + " is unusable", e);
    }
  }

  /** The keys a step allows, required ones marked, in declaration order. */
  public static String allowed(RecordComponent[] components) {
    return Arrays.stream(components)
        .map(c -> c.getName() + (c.isAnnotationPresent(Required.class) ? " (required)" : ""))
        .collect(Collectors.joining(", "));
  }

  private static Object convert(String step, RecordComponent component, Object raw) {
    Class<?> type = component.getType();
    if (raw == null) {
      return type.isPrimitive() ? primitiveDefault(type) : null;
    }
    if (type == String.class) {
      if (raw instanceof CharSequence || raw instanceof Number) {
        return raw.toString();
      }
      throw mistyped(step, component, "a string", raw);
    }
    if (type == boolean.class || type == Boolean.class) {
      if (raw instanceof Boolean bool) {
        return bool;
      }
      if (raw instanceof CharSequence text) {
        String lower = text.toString().trim().toLowerCase(Locale.ROOT);
        if (lower.equals("true") || lower.equals("false")) {
          return Boolean.valueOf(lower);
        }
      }
      throw mistyped(step, component, "a boolean (true or false)", raw);
    }
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
      return toWholeNumber(step, component, raw, type == int.class || type == Integer.class);
    }
    if (type == List.class) {
      return toStringList(step, component, raw);
    }
    if (type == Map.class) {
      return toStringMap(step, component, raw);
    }
    if (type.isEnum()) {
      return toEnum(step, component, raw, type);
    }
    if (type.isInstance(raw)) {
      return raw;
    }
    throw mistyped(step, component, "a " + type.getSimpleName(), raw);
  }

  private static Object toWholeNumber(
      String step, RecordComponent component, Object raw, boolean asInt) {
    long value;
    if (raw instanceof Integer || raw instanceof Long || raw instanceof Short) {
      value = ((Number) raw).longValue();
    } else if (raw instanceof CharSequence text && text.toString().trim().matches("-?\\d{1,18}")) {
      value = Long.parseLong(text.toString().trim());
    } else {
      throw mistyped(step, component, "a whole number", raw);
    }
    if (asInt) {
      if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
        throw mistyped(step, component, "a whole number that fits in 32 bits", raw);
      }
      return (int) value;
    }
    return value;
  }

  private static List<String> toStringList(String step, RecordComponent component, Object raw) {
    Type generic = component.getGenericType();
    if (!(generic instanceof ParameterizedType parameterized)
        || parameterized.getActualTypeArguments()[0] != String.class) {
      throw new IllegalStateException(
          "step parameter " + component + " must be a List<String> to be bound");
    }
    if (raw instanceof CharSequence single) {
      return List.of(single.toString()); // path: 'web/' is as good as path: ['web/']
    }
    if (raw instanceof Iterable<?> items) {
      List<String> strings = new ArrayList<>();
      for (Object item : items) {
        if (!(item instanceof CharSequence || item instanceof Number)) {
          throw mistyped(step, component, "a list of strings", raw);
        }
        strings.add(item.toString());
      }
      return List.copyOf(strings);
    }
    throw mistyped(step, component, "a string or a list of strings", raw);
  }

  private static Map<String, String> toStringMap(
      String step, RecordComponent component, Object raw) {
    if (!(raw instanceof Map<?, ?> map)) {
      throw mistyped(step, component, "a map such as [KEY: 'value']", raw);
    }
    Map<String, String> strings = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      Object value = entry.getValue();
      if (!(value instanceof CharSequence || value instanceof Number || value instanceof Boolean)) {
        throw mistyped(step, component, "a map of strings", raw);
      }
      strings.put(String.valueOf(entry.getKey()), value.toString());
    }
    return Map.copyOf(strings);
  }

  private static Object toEnum(String step, RecordComponent component, Object raw, Class<?> type) {
    if (raw instanceof CharSequence text) {
      for (Object constant : type.getEnumConstants()) {
        if (((Enum<?>) constant).name().equalsIgnoreCase(text.toString().trim())) {
          return constant;
        }
      }
    }
    String names =
        Arrays.stream(type.getEnumConstants())
            .map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT))
            .collect(Collectors.joining(", "));
    throw mistyped(step, component, "one of " + names, raw);
  }

  private static StepException mistyped(
      String step, RecordComponent component, String expected, Object raw) {
    return new StepException(
        step
            + ": parameter '"
            + component.getName()
            + "' must be "
            + expected
            + ", got "
            + kindOf(raw)
            + " '"
            + raw
            + "'");
  }

  /** What a Jenkinsfile author would call the value's type. */
  private static String kindOf(Object raw) {
    if (raw instanceof CharSequence) {
      return "a string";
    }
    if (raw instanceof Boolean) {
      return "a boolean";
    }
    if (raw instanceof Number) {
      return "a number";
    }
    if (raw instanceof Map) {
      return "a map";
    }
    if (raw instanceof Iterable || raw.getClass().isArray()) {
      return "a list";
    }
    if (raw instanceof groovy.lang.Closure) {
      return "a block";
    }
    return "a " + raw.getClass().getSimpleName();
  }

  private static Object primitiveDefault(Class<?> type) {
    if (type == boolean.class) {
      return false;
    }
    if (type == int.class) {
      return 0;
    }
    if (type == long.class) {
      return 0L;
    }
    throw new IllegalStateException("unsupported primitive step parameter type " + type);
  }
}
