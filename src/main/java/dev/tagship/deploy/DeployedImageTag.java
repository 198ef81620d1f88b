package dev.tagship.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether the image tag a deploy set as {@code image.tag} reached a container of the revision: a
 * chart that reads its tag from another key (ingress-nginx's {@code controller.image.tag}) takes
 * {@code image.tag} without a word, and the history would record a version never deployed.
 */
final class DeployedImageTag {

  private static final YAMLMapper YAML = new YAMLMapper();

  private DeployedImageTag() {}

  /**
   * Why revision {@code revision}'s manifest does not run {@code tag}: empty when a container image
   * carries it, or when the manifest names no container image at all (nothing to compare).
   */
  static Optional<String> missing(String manifest, String tag, String release, int revision) {
    Set<String> images = images(manifest);
    if (images.isEmpty()
        || images.stream()
            .anyMatch(image -> image.endsWith(":" + tag) || image.contains(":" + tag + "@"))) {
      return Optional.empty();
    }
    return Optional.of(
        "revision "
            + revision
            + " of "
            + release
            + " runs no image tagged "
            + tag
            + " (its images: "
            + String.join(", ", images)
            + "): the chart does not read image.tag. Set the chart's own image key with --set"
            + " (set: in the step), e.g. controller.image.tag="
            + tag
            + ", instead of the image tag");
  }

  /** Every container and init container image of the manifest's pod templates and pods. */
  private static Set<String> images(String manifest) {
    Set<String> images = new LinkedHashSet<>();
    try (MappingIterator<JsonNode> documents =
        YAML.readerFor(JsonNode.class).readValues(manifest == null ? "" : manifest)) {
      while (documents.hasNext()) {
        collect(documents.next(), images);
      }
    } catch (IOException | RuntimeException e) {
      // ManifestWorkloads reports a manifest that is not YAML; here it only means no images
    }
    return images;
  }

  private static void collect(JsonNode node, Set<String> images) {
    if (node == null) {
      return;
    }
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        if (List.of("containers", "initContainers").contains(field.getKey())) {
          field.getValue().forEach(container -> addImage(container, images));
        } else {
          collect(field.getValue(), images);
        }
      }
    } else if (node.isArray()) {
      node.forEach(element -> collect(element, images));
    }
  }

  private static void addImage(JsonNode container, Set<String> images) {
    if (container.path("image").isTextual()) {
      images.add(container.path("image").asText());
    }
  }
}
