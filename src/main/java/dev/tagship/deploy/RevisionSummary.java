package dev.tagship.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Set;

/** Reads what {@code tagship history} shows from a Helm release record. */
final class RevisionSummary {

  private static final ObjectMapper JSON = new ObjectMapper();

  private RevisionSummary() {}

  static RevisionInfo of(JsonNode record, Set<Integer> verified, Set<Integer> failed) {
    int revision = record.path("version").asInt();
    JsonNode info = record.path("info");
    String description = info.path("description").asText("");
    JsonNode deployed = parse(description);
    JsonNode image = record.path("config").path("image");
    String version = deployed.path("tag").asText(image.path("tag").asText(null));
    String repository =
        image.path("repository").asText(chartDefaults(record).path("repository").asText(null));
    String imageText =
        deployed.hasNonNull("image")
            ? deployed.get("image").asText()
            : repository == null ? null : repository + imageTag(image, chartDefaults(record));
    Boolean good =
        failed.contains(revision)
            ? Boolean.FALSE
            : verified.contains(revision) ? Boolean.TRUE : null;
    JsonNode metadata = record.path("chart").path("metadata");
    return new RevisionInfo(
        revision,
        info.path("status").asText(),
        metadata.path("name").asText() + "-" + metadata.path("version").asText(),
        version,
        imageText,
        good,
        info.path("last_deployed").asText(null),
        deployed.path("build").asText(null),
        description);
  }

  private static String imageTag(JsonNode deployed, JsonNode defaults) {
    String tag = deployed.path("tag").asText(defaults.path("tag").asText(""));
    return tag.isEmpty() ? "" : ":" + tag;
  }

  /** The chart's own image values, for what the deploy did not set. */
  private static JsonNode chartDefaults(JsonNode record) {
    return record.path("chart").path("values").path("image");
  }

  /** tagship writes a JSON object as the description; anything else is plain text. */
  private static JsonNode parse(String description) {
    if (!description.startsWith("{")) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(description);
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }
}
