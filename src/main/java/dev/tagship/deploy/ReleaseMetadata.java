package dev.tagship.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a deployment records about itself in the Helm release description, so {@code helm history}
 * reads as a deploy log: commit, version tag, image digest, build URL. Any may be null.
 */
public record ReleaseMetadata(
    String commit, String versionTag, String imageDigest, String buildUrl) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public static ReleaseMetadata none() {
    return new ReleaseMetadata(null, null, null, null);
  }

  /** The description Helm stores: a short JSON object, prefixed so people see what it is. */
  String description() {
    ObjectNode node = JSON.createObjectNode().put("by", "tagship");
    putIfPresent(node, "commit", commit);
    putIfPresent(node, "tag", versionTag);
    putIfPresent(node, "image", imageDigest);
    putIfPresent(node, "build", buildUrl);
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void putIfPresent(ObjectNode node, String key, String value) {
    if (value != null && !value.isBlank()) {
      node.put(key, value);
    }
  }
}
