package dev.tagship.sandbox.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The fields the API server refuses to change on an update or patch, as its validation does: the
 * {@code spec.selector} of an apps/v1 Deployment, ReplicaSet or DaemonSet. Helm then fails the
 * upgrade with the server's message ({@code ... field is immutable}), which the stand-in repeats.
 */
final class ImmutableFields {

  private static final Set<String> SELECTOR_FIXED = Set.of("Deployment", "ReplicaSet", "DaemonSet");

  private ImmutableFields() {}

  /** The server's 422 answer when {@code written} changes an immutable field, else null. */
  static ApiReply check(ApiResources.Resource resource, ObjectNode current, ObjectNode written) {
    if (!"apps".equals(resource.group()) || !SELECTOR_FIXED.contains(resource.kind())) {
      return null;
    }
    JsonNode before = current.path("spec").path("selector");
    JsonNode after = written.path("spec").path("selector");
    if (before.equals(after)) {
      return null;
    }
    String name = current.path("metadata").path("name").asText();
    String cause = "Invalid value: " + asServerPrintsIt(after) + ": field is immutable";
    ObjectNode details = JsonNodeFactory.instance.objectNode();
    details.put("name", name).put("group", resource.group()).put("kind", resource.kind());
    details
        .putArray("causes")
        .addObject()
        .put("reason", "FieldValueInvalid")
        .put("message", cause)
        .put("field", "spec.selector");
    return ApiReply.status(
        422,
        "Invalid",
        resource.kind()
            + "."
            + resource.group()
            + " \""
            + name
            + "\" is invalid: spec.selector: "
            + cause,
        details);
  }

  /**
   * The selector as the API server prints it in this message: JSON, labels sorted (Go marshals maps
   * so), empty lists left out.
   */
  private static String asServerPrintsIt(JsonNode selector) {
    ObjectNode printed = JsonNodeFactory.instance.objectNode();
    Map<String, JsonNode> labels = new TreeMap<>();
    for (Map.Entry<String, JsonNode> label : selector.path("matchLabels").properties()) {
      labels.put(label.getKey(), label.getValue());
    }
    if (!labels.isEmpty()) {
      printed.putObject("matchLabels").setAll(labels);
    }
    if (!selector.path("matchExpressions").isEmpty()) {
      printed.set("matchExpressions", selector.path("matchExpressions"));
    }
    return printed.toString();
  }
}
