package dev.tagship.image;

import java.util.LinkedHashSet;
import java.util.List;

/**
 * Publish {@code source} to {@code registry/repository} under {@code tags}. Version tags (those
 * that are semantic versions, e.g. {@code 1.4.2}) are immutable: pushed first, verified by digest,
 * never moved. Every other tag (e.g. {@code latest}) floats and moves only after that.
 *
 * @param sourceAccess how to reach the source registry when promoting; unused otherwise
 * @param parallelism how many blobs move at once
 */
public record PublishRequest(
    ImageSource source,
    String registry,
    String repository,
    List<String> tags,
    RegistryAccess access,
    RegistryAccess sourceAccess,
    int parallelism) {

  public PublishRequest {
    if (source == null) {
      throw ImageException.usage("an image source is required");
    }
    if (registry == null || registry.isBlank()) {
      throw ImageException.usage("a registry is required, e.g. --registry myreg.azurecr.io");
    }
    registry = registry.trim().replaceFirst("^(https?|oci)://", "").replaceFirst("/+$", "");
    if (repository == null && source instanceof ImageSource.RegistryImage image) {
      repository = image.reference().repository();
    }
    ImageReference.checkRepository(repository);
    if (tags == null || tags.isEmpty()) {
      if (source instanceof ImageSource.RegistryImage image && image.reference().tag() != null) {
        tags = List.of(image.reference().tag());
      } else {
        throw ImageException.usage("at least one tag is required, e.g. --tag 1.4.2 --tag latest");
      }
    }
    for (String tag : tags) {
      if (tag == null || !ImageReference.TAG.matcher(tag).matches()) {
        throw ImageException.usage(
            "tag '" + tag + "' is not valid: use letters, digits, '_', '.', '-' (at most 128)");
      }
    }
    tags = List.copyOf(new LinkedHashSet<>(tags));
    access = access == null ? RegistryAccess.defaults() : access;
    sourceAccess = sourceAccess == null ? access : sourceAccess;
    if (parallelism < 1) {
      parallelism = 4;
    }
  }
}
