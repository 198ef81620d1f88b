package dev.tagship.sandbox.kube;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Label and field selectors as the API server reads them. fabric8's CRUD store ignores set-based
 * label requirements ({@code env in (a,b)}) and knows no field but {@code metadata.name} and {@code
 * metadata.namespace}, which would make it answer too much, so the stand-in filters lists and watch
 * events itself.
 */
final class Selectors {

  private Selectors() {}

  static Predicate<JsonNode> parse(String labelSelector, String fieldSelector) {
    Predicate<JsonNode> labels = labels(labelSelector);
    Predicate<JsonNode> fields = fields(fieldSelector);
    return labels.and(fields);
  }

  static Predicate<JsonNode> labels(String selector) {
    Predicate<JsonNode> all = o -> true;
    if (selector == null || selector.isBlank()) {
      return all;
    }
    for (String requirement : split(selector)) {
      all = all.and(labelRequirement(requirement.trim()));
    }
    return all;
  }

  private static Predicate<JsonNode> labelRequirement(String requirement) {
    String[] setBased = requirement.split("\\s+(notin|in)\\s+", 2);
    if (setBased.length == 2) {
      String key = setBased[0].trim();
      boolean negated = requirement.matches(".*\\s+notin\\s+.*");
      String list = setBased[1].trim();
      Set<String> values = Set.of(list.substring(1, list.length() - 1).trim().split("\\s*,\\s*"));
      return o -> {
        JsonNode value = o.path("metadata").path("labels").get(key);
        boolean in = value != null && values.contains(value.asText());
        return negated ? !in : in;
      };
    }
    if (requirement.startsWith("!")) {
      String key = requirement.substring(1).trim();
      return o -> !o.path("metadata").path("labels").has(key);
    }
    Predicate<JsonNode> comparison =
        comparison(requirement, (o, key) -> o.path("metadata").path("labels").get(key));
    if (comparison != null) {
      return comparison;
    }
    return o -> o.path("metadata").path("labels").has(requirement);
  }

  static Predicate<JsonNode> fields(String selector) {
    Predicate<JsonNode> all = o -> true;
    if (selector == null || selector.isBlank()) {
      return all;
    }
    for (String requirement : split(selector)) {
      Predicate<JsonNode> comparison =
          comparison(requirement.trim(), (o, path) -> at(o, path.split("\\.")));
      if (comparison == null) {
        throw new IllegalArgumentException("unsupported field selector: " + requirement);
      }
      all = all.and(comparison);
    }
    return all;
  }

  private interface Lookup {
    JsonNode find(JsonNode object, String key);
  }

  private static Predicate<JsonNode> comparison(String requirement, Lookup lookup) {
    int notEqual = requirement.indexOf("!=");
    if (notEqual > 0) {
      String key = requirement.substring(0, notEqual).trim();
      String expected = requirement.substring(notEqual + 2).trim();
      return o -> !expected.equals(text(lookup.find(o, key)));
    }
    int equal = requirement.indexOf('=');
    if (equal > 0) {
      String key = requirement.substring(0, equal).trim();
      String expected =
          requirement
              .substring(requirement.startsWith("=", equal + 1) ? equal + 2 : equal + 1)
              .trim();
      return o -> expected.equals(text(lookup.find(o, key)));
    }
    return null;
  }

  private static String text(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode() ? "" : node.asText();
  }

  private static JsonNode at(JsonNode object, String[] path) {
    JsonNode node = object;
    for (String segment : path) {
      node = node.path(segment);
    }
    return node;
  }

  /** Splits on commas that are not inside the parentheses of a set-based requirement. */
  private static List<String> split(String selector) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < selector.length(); i++) {
      char c = selector.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(selector.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(selector.substring(start));
    return parts;
  }
}
