package dev.tagship.sandbox.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Server-side printing: {@code kubectl get} asks for {@code meta.k8s.io/v1 Table} and prints the
 * server's columns ({@code READY 1/1}, {@code STATUS CrashLoopBackOff}). Without a Table it falls
 * back to NAME and AGE, so the columns that matter when a rollout is looked at are built here, as
 * the API server's printers build them.
 */
final class Tables {

  static final String MEDIA_TYPE = "application/json;as=Table;v=v1;g=meta.k8s.io";

  private record Column(String name, String type, int priority, Function<JsonNode, Object> cell) {}

  private Tables() {}

  static boolean wanted(String accept) {
    return accept != null && accept.contains("as=Table");
  }

  /** A Table of {@code objects} of {@code kind}. */
  static ObjectNode of(String kind, List<JsonNode> objects, String resourceVersion) {
    List<Column> columns = columns(kind);
    ObjectNode table = JsonNodeFactory.instance.objectNode();
    table.put("kind", "Table");
    table.put("apiVersion", "meta.k8s.io/v1");
    table.putObject("metadata").put("resourceVersion", resourceVersion);
    ArrayNode definitions = table.putArray("columnDefinitions");
    for (Column column : columns) {
      definitions
          .addObject()
          .put("name", column.name())
          .put("type", column.type())
          .put("format", column.name().equals("Name") ? "name" : "")
          .put("description", column.name())
          .put("priority", column.priority());
    }
    ArrayNode rows = table.putArray("rows");
    for (JsonNode object : objects) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      for (Column column : columns) {
        Object cell = column.cell().apply(object);
        if (cell instanceof Integer number) {
          cells.add(number);
        } else {
          cells.add(String.valueOf(cell));
        }
      }
      ObjectNode partial = row.putObject("object");
      partial.put("kind", "PartialObjectMetadata");
      partial.put("apiVersion", "meta.k8s.io/v1");
      partial.set("metadata", object.path("metadata").deepCopy());
    }
    return table;
  }

  private static List<Column> columns(String kind) {
    List<Column> columns = new ArrayList<>();
    columns.add(new Column("Name", "string", 0, o -> o.path("metadata").path("name").asText()));
    switch (kind) {
      case "Deployment" -> {
        columns.add(
            text(
                "Ready",
                o ->
                    o.path("status").path("readyReplicas").asInt(0)
                        + "/"
                        + o.path("spec").path("replicas").asInt(1)));
        columns.add(number("Up-to-date", o -> o.path("status").path("updatedReplicas").asInt(0)));
        columns.add(number("Available", o -> o.path("status").path("availableReplicas").asInt(0)));
        columns.add(age());
        columns.add(wide("Containers", o -> containers(o.path("spec").path("template"), "name")));
        columns.add(wide("Images", o -> containers(o.path("spec").path("template"), "image")));
      }
      case "ReplicaSet" -> {
        columns.add(number("Desired", o -> o.path("spec").path("replicas").asInt(1)));
        columns.add(number("Current", o -> o.path("status").path("replicas").asInt(0)));
        columns.add(number("Ready", o -> o.path("status").path("readyReplicas").asInt(0)));
        columns.add(age());
        columns.add(wide("Images", o -> containers(o.path("spec").path("template"), "image")));
      }
      case "Pod" -> {
        columns.add(text("Ready", Tables::podReady));
        columns.add(text("Status", Tables::podStatus));
        columns.add(number("Restarts", Tables::restarts));
        columns.add(age());
        columns.add(wide("IP", o -> o.path("status").path("podIP").asText("<none>")));
        columns.add(wide("Node", o -> o.path("spec").path("nodeName").asText("<none>")));
      }
      case "Event" -> {
        columns.remove(0);
        columns.add(text("Last Seen", o -> since(o.path("lastTimestamp").asText(""))));
        columns.add(text("Type", o -> o.path("type").asText()));
        columns.add(text("Reason", o -> o.path("reason").asText()));
        columns.add(
            text(
                "Object",
                o ->
                    o.path("involvedObject").path("kind").asText().toLowerCase(Locale.ROOT)
                        + "/"
                        + o.path("involvedObject").path("name").asText()));
        columns.add(text("Message", o -> o.path("message").asText()));
      }
      case "Service" -> {
        columns.add(text("Type", o -> o.path("spec").path("type").asText("ClusterIP")));
        columns.add(text("Cluster-IP", o -> o.path("spec").path("clusterIP").asText("<none>")));
        columns.add(text("External-IP", o -> "<none>"));
        columns.add(text("Port(s)", Tables::servicePorts));
        columns.add(age());
      }
      case "Namespace" -> {
        columns.add(text("Status", o -> o.path("status").path("phase").asText("Active")));
        columns.add(age());
      }
      default -> columns.add(age());
    }
    return columns;
  }

  private static Column text(String name, Function<JsonNode, Object> cell) {
    return new Column(name, "string", 0, cell);
  }

  private static Column number(String name, Function<JsonNode, Object> cell) {
    return new Column(name, "integer", 0, cell);
  }

  private static Column wide(String name, Function<JsonNode, Object> cell) {
    return new Column(name, "string", 1, cell);
  }

  private static Column age() {
    return text("Age", o -> since(o.path("metadata").path("creationTimestamp").asText("")));
  }

  private static String containers(JsonNode template, String field) {
    List<String> values = new ArrayList<>();
    template.path("spec").path("containers").forEach(c -> values.add(c.path(field).asText()));
    return String.join(",", values);
  }

  private static String podReady(JsonNode pod) {
    int total = pod.path("spec").path("containers").size();
    int ready = 0;
    for (JsonNode status : pod.path("status").path("containerStatuses")) {
      if (status.path("ready").asBoolean()) {
        ready++;
      }
    }
    return ready + "/" + total;
  }

  /** As kubectl shows it: a waiting or terminated container's reason wins over the phase. */
  private static String podStatus(JsonNode pod) {
    if (pod.path("metadata").has("deletionTimestamp")) {
      return "Terminating";
    }
    String reason = pod.path("status").path("phase").asText("Pending");
    for (JsonNode status : pod.path("status").path("containerStatuses")) {
      JsonNode waiting = status.path("state").path("waiting");
      JsonNode terminated = status.path("state").path("terminated");
      if (waiting.has("reason")) {
        reason = waiting.path("reason").asText();
      } else if (terminated.has("reason")) {
        reason = terminated.path("reason").asText();
      }
    }
    return reason;
  }

  private static int restarts(JsonNode pod) {
    int restarts = 0;
    for (JsonNode status : pod.path("status").path("containerStatuses")) {
      restarts += status.path("restartCount").asInt(0);
    }
    return restarts;
  }

  private static String servicePorts(JsonNode service) {
    List<String> ports = new ArrayList<>();
    for (JsonNode port : service.path("spec").path("ports")) {
      ports.add(port.path("port").asText() + "/" + port.path("protocol").asText("TCP"));
    }
    return ports.isEmpty() ? "<none>" : String.join(",", ports);
  }

  /** kubectl's short human durations: {@code 5s}, {@code 3m20s}, {@code 42m}, {@code 5h}. */
  private static String since(String timestamp) {
    if (timestamp.isEmpty()) {
      return "<unknown>";
    }
    try {
      long seconds =
          Math.max(0, Duration.between(Instant.parse(timestamp), Instant.now()).getSeconds());
      if (seconds < 120) {
        return seconds + "s";
      }
      if (seconds < 600) {
        return seconds / 60 + "m" + (seconds % 60 == 0 ? "" : seconds % 60 + "s");
      }
      if (seconds < 3 * 3600) {
        return seconds / 60 + "m";
      }
      if (seconds < 48 * 3600) {
        return seconds / 3600 + "h";
      }
      return seconds / 86400 + "d";
    } catch (DateTimeParseException e) {
      return "<unknown>";
    }
  }
}
