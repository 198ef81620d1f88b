package dev.tagship.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Owner references and metadata read null-safely, for the rollout judges. */
final class Owners {

  /** The label StatefulSet and DaemonSet pods carry naming their revision. */
  static final String REVISION_HASH_LABEL = "controller-revision-hash";

  private Owners() {}

  static boolean owns(HasMetadata owner, HasMetadata child) {
    String uid = owner.getMetadata().getUid();
    return uid != null
        && child.getMetadata().getOwnerReferences() != null
        && child.getMetadata().getOwnerReferences().stream()
            .anyMatch(reference -> uid.equals(reference.getUid()));
  }

  static <T extends HasMetadata> List<T> ownedBy(HasMetadata owner, List<T> candidates) {
    return candidates.stream().filter(child -> owns(owner, child)).toList();
  }

  static Map<String, String> annotations(HasMetadata object) {
    return Objects.requireNonNullElse(object.getMetadata().getAnnotations(), Map.of());
  }

  static Map<String, String> labels(HasMetadata object) {
    return Objects.requireNonNullElse(object.getMetadata().getLabels(), Map.of());
  }

  static long generation(HasMetadata object) {
    return Objects.requireNonNullElse(object.getMetadata().getGeneration(), 0L);
  }

  static int orZero(Integer value) {
    return value == null ? 0 : value;
  }

  static long orZero(Long value) {
    return value == null ? 0 : value;
  }
}
