package dev.tagship.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Writes the chart and values stored in a Helm release record back to files, so the revision can be
 * deployed again: what {@code helm rollback} does, which helm-java does not offer. JSON is valid
 * YAML, so Chart.yaml and the values are written as JSON. Subcharts are not stored in release
 * records and are not restored.
 */
final class ChartFromRecord {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ChartFromRecord() {}

  /** Writes the chart into {@code dir/chart} and the user values into {@code dir/values.json}. */
  static Path write(JsonNode record, Path dir) {
    JsonNode chart = record.path("chart");
    Path chartDir = dir.resolve("chart");
    try {
      Files.createDirectories(chartDir);
      Files.write(chartDir.resolve("Chart.yaml"), JSON.writeValueAsBytes(chart.path("metadata")));
      JsonNode values = chart.path("values");
      Files.write(
          chartDir.resolve("values.yaml"),
          JSON.writeValueAsBytes(
              values.isMissingNode() || values.isNull() ? JSON.createObjectNode() : values));
      writeFiles(chart.path("templates"), chartDir);
      writeFiles(chart.path("files"), chartDir);
      if (chart.hasNonNull("schema")) {
        Files.write(
            chartDir.resolve("values.schema.json"),
            Base64.getDecoder().decode(chart.get("schema").asText()));
      }
      JsonNode config = record.path("config");
      Files.write(
          dir.resolve("values.json"),
          JSON.writeValueAsBytes(
              config.isMissingNode() || config.isNull() ? JSON.createObjectNode() : config));
      return chartDir;
    } catch (IOException e) {
      throw DeployException.failure(
          "cannot write the chart of the revision to restore: " + e.getMessage(), e);
    }
  }

  private static void writeFiles(JsonNode files, Path chartDir) throws IOException {
    for (JsonNode file : files) {
      Path target = chartDir.resolve(file.path("name").asText()).normalize();
      if (!target.startsWith(chartDir)) {
        throw DeployException.failure(
            "a stored chart file lies outside the chart: " + file.path("name"), null);
      }
      Files.createDirectories(target.getParent());
      Files.write(target, Base64.getDecoder().decode(file.path("data").asText()));
    }
  }
}
