package dev.tagship.sandbox.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * JSON merge patches (RFC 7386) and Kubernetes strategic merge patches, which fabric8's CRUD store
 * does not apply (it answers 415). Helm upgrades built-in kinds with a three-way strategic merge
 * patch, so lists such as {@code containers} must merge by their key ({@code name}) and the {@code
 * $patch}, {@code $retainKeys}, {@code $setElementOrder} and {@code $deleteFromPrimitiveList}
 * directives must be honoured. The merge keys are those of the core types' {@code patchMergeKey}
 * tags that a chart is likely to touch; other lists are replaced.
 */
final class Patches {

  private static final Map<String, String> MERGE_KEYS =
      Map.ofEntries(
          Map.entry("containers", "name"),
          Map.entry("initContainers", "name"),
          Map.entry("ephemeralContainers", "name"),
          Map.entry("env", "name"),
          Map.entry("volumes", "name"),
          Map.entry("volumeMounts", "mountPath"),
          Map.entry("volumeDevices", "devicePath"),
          Map.entry("imagePullSecrets", "name"),
          Map.entry("hostAliases", "ip"),
          Map.entry("conditions", "type"),
          Map.entry("ownerReferences", "uid"),
          Map.entry("topologySpreadConstraints", "topologyKey"),
          Map.entry("resourceClaims", "name"),
          Map.entry("schedulingGates", "name"),
          Map.entry("taints", "key"));

  /** Primitive lists whose patch strategy is merge: values are added, not replaced. */
  private static final Set<String> MERGED_PRIMITIVE_LISTS = Set.of("finalizers");

  private Patches() {}

  /** RFC 7386: objects merge, {@code null} removes, anything else replaces. */
  static JsonNode mergePatch(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode result =
        target != null && target.isObject()
            ? ((ObjectNode) target).deepCopy()
            : JsonNodeFactory.instance.objectNode();
    patch
        .properties()
        .forEach(
            field -> {
              if (field.getValue().isNull()) {
                result.remove(field.getKey());
              } else {
                result.set(
                    field.getKey(), mergePatch(result.get(field.getKey()), field.getValue()));
              }
            });
    return result;
  }

  /** Applies a strategic merge patch to {@code original}, which is left unchanged. */
  static JsonNode strategicMergePatch(JsonNode original, JsonNode patch) {
    if (!original.isObject() || !patch.isObject()) {
      throw new IllegalArgumentException("a strategic merge patch applies an object to an object");
    }
    JsonNode merged = mergeObject((ObjectNode) original, (ObjectNode) patch, "");
    return merged == null ? JsonNodeFactory.instance.objectNode() : merged;
  }

  /** Returns the merged object, or {@code null} when the patch deletes it. */
  private static ObjectNode mergeObject(ObjectNode original, ObjectNode patch, String path) {
    String directive = patch.path("$patch").asText("");
    if (directive.equals("delete")) {
      return null;
    }
    if (directive.equals("replace")) {
      return (ObjectNode) withoutDirectives(patch);
    }
    ObjectNode result = original.deepCopy();
    Map<String, JsonNode> orders = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : patch.properties()) {
      String key = field.getKey();
      JsonNode value = field.getValue();
      if (key.equals("$patch") || key.equals("$retainKeys")) {
        continue;
      }
      if (key.startsWith("$setElementOrder/")) {
        orders.put(key.substring("$setElementOrder/".length()), value);
        continue;
      }
      if (key.startsWith("$deleteFromPrimitiveList/")) {
        String list = key.substring("$deleteFromPrimitiveList/".length());
        if (result.get(list) instanceof ArrayNode values) {
          Set<JsonNode> doomed = new HashSet<>();
          value.forEach(doomed::add);
          result.set(list, filtered(values, v -> !doomed.contains(v)));
        }
        continue;
      }
      String childPath = path + "/" + key;
      if (value.isNull()) {
        result.remove(key);
      } else if (value.isObject()) {
        JsonNode current = result.get(key);
        ObjectNode merged =
            current != null && current.isObject()
                ? mergeObject((ObjectNode) current, (ObjectNode) value, childPath)
                : mergeObject(JsonNodeFactory.instance.objectNode(), (ObjectNode) value, childPath);
        if (merged == null) {
          result.remove(key);
        } else {
          result.set(key, merged);
        }
      } else if (value.isArray()) {
        result.set(key, mergeList(key, childPath, result.get(key), (ArrayNode) value));
      } else {
        result.set(key, value.deepCopy());
      }
    }
    orders.forEach((list, order) -> reorder(result, list, path + "/" + list, order));
    JsonNode retain = patch.get("$retainKeys");
    if (retain != null && retain.isArray()) {
      Set<String> keep = new HashSet<>();
      retain.forEach(k -> keep.add(k.asText()));
      result.retain(keep);
    }
    return result;
  }

  private static ArrayNode mergeList(
      String field, String path, JsonNode current, ArrayNode patchList) {
    String mergeKey = mergeKey(field, path);
    ArrayNode base =
        current != null && current.isArray()
            ? ((ArrayNode) current).deepCopy()
            : JsonNodeFactory.instance.arrayNode();
    if (mergeKey == null) {
      if (MERGED_PRIMITIVE_LISTS.contains(field)) {
        patchList.forEach(
            v -> {
              if (!contains(base, v)) {
                base.add(v.deepCopy());
              }
            });
        return base;
      }
      return (ArrayNode) withoutDirectives(patchList);
    }
    for (JsonNode element : patchList) {
      if (element.isObject() && element.path("$patch").asText("").equals("replace")) {
        return (ArrayNode) withoutDirectives(patchList);
      }
    }
    ArrayNode result = base;
    for (JsonNode element : patchList) {
      if (!element.isObject()) {
        result.add(element.deepCopy());
        continue;
      }
      JsonNode key = element.get(mergeKey);
      int index = indexOf(result, mergeKey, key);
      if (element.path("$patch").asText("").equals("delete")) {
        if (index >= 0) {
          result.remove(index);
        }
      } else if (index >= 0) {
        ObjectNode merged =
            mergeObject((ObjectNode) result.get(index), (ObjectNode) element, path + "/[]");
        if (merged == null) {
          result.remove(index);
        } else {
          result.set(index, merged);
        }
      } else {
        result.add(withoutDirectives(element));
      }
    }
    return result;
  }

  /** The list's merge key, or {@code null} for an atomic list. */
  private static String mergeKey(String field, String path) {
    if (field.equals("ports")) {
      if (path.contains("ontainers/[]/ports")) {
        return "containerPort";
      }
      return path.equals("/spec/ports") ? "port" : null;
    }
    return MERGE_KEYS.get(field);
  }

  /** {@code $setElementOrder}: the listed elements come in the listed order, others after. */
  private static void reorder(ObjectNode result, String list, String path, JsonNode order) {
    if (!(result.get(list) instanceof ArrayNode values) || !order.isArray()) {
      return;
    }
    String mergeKey = mergeKey(list, path);
    List<JsonNode> ordered = new ArrayList<>();
    List<JsonNode> rest = new ArrayList<>();
    values.forEach(rest::add);
    for (JsonNode wanted : order) {
      JsonNode key = mergeKey == null ? wanted : wanted.get(mergeKey);
      for (Iterator<JsonNode> it = rest.iterator(); it.hasNext(); ) {
        JsonNode candidate = it.next();
        JsonNode candidateKey = mergeKey == null ? candidate : candidate.get(mergeKey);
        if (candidateKey != null && candidateKey.equals(key)) {
          ordered.add(candidate);
          it.remove();
          break;
        }
      }
    }
    ordered.addAll(rest);
    ArrayNode sorted = JsonNodeFactory.instance.arrayNode();
    ordered.forEach(sorted::add);
    result.set(list, sorted);
  }

  /** A copy with every patch directive removed, for content the patch adds outright. */
  private static JsonNode withoutDirectives(JsonNode node) {
    if (node.isObject()) {
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      node.properties()
          .forEach(
              f -> {
                if (!f.getKey().startsWith("$")) {
                  copy.set(f.getKey(), withoutDirectives(f.getValue()));
                }
              });
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = JsonNodeFactory.instance.arrayNode();
      for (JsonNode element : node) {
        if (element.isObject() && element.has("$patch")) {
          String directive = element.get("$patch").asText();
          if (directive.equals("delete") || element.size() == 1) {
            continue;
          }
        }
        copy.add(withoutDirectives(element));
      }
      return copy;
    }
    return node.deepCopy();
  }

  private static int indexOf(ArrayNode list, String mergeKey, JsonNode key) {
    for (int i = 0; i < list.size(); i++) {
      JsonNode candidate = list.get(i).get(mergeKey);
      if (candidate != null && candidate.equals(key)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean contains(ArrayNode list, JsonNode value) {
    for (JsonNode element : list) {
      if (element.equals(value)) {
        return true;
      }
    }
    return false;
  }

  private static ArrayNode filtered(ArrayNode list, Predicate<JsonNode> keep) {
    ArrayNode result = JsonNodeFactory.instance.arrayNode();
    for (JsonNode element : list) {
      if (keep.test(element)) {
        result.add(element);
      }
    }
    return result;
  }
}
