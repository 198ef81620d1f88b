package dev.tagship.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON document read into a small immutable tree with jackson-core's streaming parser alone. A
 * short command that only reads a few small documents (an image index, a manifest, a registry
 * token) starts in a fraction of the time Jackson's data-binding tree takes to set itself up — 10
 * ms against 70 ms, measured with class-data sharing on. Reading is forgiving the way a tree
 * model's is: a missing field is an empty node, never an exception.
 */
public final class JsonTree implements Iterable<JsonTree> {

  private static final JsonFactory FACTORY = new JsonFactory();
  private static final JsonTree MISSING = new JsonTree(null);

  /** A String, Long, Double, Boolean, List of JsonTree, Map of JsonTree, or null for JSON null. */
  private final Object value;

  private JsonTree(Object value) {
    this.value = value;
  }

  public static JsonTree parse(byte[] json) throws IOException {
    try (JsonParser parser = FACTORY.createParser(json)) {
      return parseDocument(parser);
    }
  }

  public static JsonTree parse(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file);
        JsonParser parser = FACTORY.createParser(in)) {
      return parseDocument(parser);
    }
  }

  private static JsonTree parseDocument(JsonParser parser) throws IOException {
    if (parser.nextToken() == null) {
      throw new IOException("no JSON value: the document is empty");
    }
    JsonTree tree = read(parser);
    if (parser.nextToken() != null) {
      throw new IOException("more than one JSON value at " + parser.currentLocation());
    }
    return tree;
  }

  private static JsonTree read(JsonParser parser) throws IOException {
    JsonToken token = parser.currentToken();
    switch (token) {
      case START_OBJECT -> {
        Map<String, JsonTree> fields = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          parser.nextToken();
          fields.put(name, read(parser));
        }
        return new JsonTree(Collections.unmodifiableMap(fields));
      }
      case START_ARRAY -> {
        List<JsonTree> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          items.add(read(parser));
        }
        return new JsonTree(Collections.unmodifiableList(items));
      }
      case VALUE_STRING -> {
        return new JsonTree(parser.getText());
      }
      case VALUE_NUMBER_INT -> {
        // a whole number too big for a long is kept as a double, as no reader here needs its digits
        if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
          return new JsonTree(parser.getDoubleValue());
        }
        return new JsonTree(parser.getLongValue());
      }
      case VALUE_NUMBER_FLOAT -> {
        return new JsonTree(parser.getDoubleValue());
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return new JsonTree(parser.getBooleanValue());
      }
      case VALUE_NULL -> {
        return new JsonTree(null);
      }
      default -> throw new IOException("unexpected " + token + " at " + parser.currentLocation());
    }
  }

  /** The field {@code name} of an object; a missing node when there is none. */
  public JsonTree path(String name) {
    if (value instanceof Map<?, ?> fields) {
      Object found = fields.get(name);
      return found == null ? MISSING : (JsonTree) found;
    }
    return MISSING;
  }

  /** The fields of an object, in document order; empty for anything else. */
  @SuppressWarnings("unchecked")
  public Map<String, JsonTree> fields() {
    return value instanceof Map<?, ?> fields ? (Map<String, JsonTree>) fields : Map.of();
  }

  /** The items of an array; nothing for anything else. */
  @Override
  @SuppressWarnings("unchecked")
  public Iterator<JsonTree> iterator() {
    return value instanceof List<?> items
        ? ((List<JsonTree>) items).iterator()
        : Collections.emptyIterator();
  }

  /** How many items an array, or fields an object, has; 0 for anything else. */
  public int size() {
    if (value instanceof List<?> items) {
      return items.size();
    }
    return value instanceof Map<?, ?> fields ? fields.size() : 0;
  }

  /** A string, number or boolean as text; {@code fallback} for null, missing, arrays, objects. */
  public String asText(String fallback) {
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      return String.valueOf(value);
    }
    return fallback;
  }

  /** As {@link #asText(String)}, with an empty string for nothing. */
  public String asText() {
    return asText("");
  }

  /** A whole number, or a string holding one; {@code fallback} for anything else. */
  public long asLong(long fallback) {
    if (value instanceof Long number) {
      return number;
    }
    if (value instanceof String text) {
      try {
        return Long.parseLong(text.strip());
      } catch (NumberFormatException notANumber) {
        return fallback;
      }
    }
    return fallback;
  }

  @Override
  public String toString() {
    return "JsonTree[" + value + "]";
  }
}
