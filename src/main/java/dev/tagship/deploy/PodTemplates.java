package dev.tagship.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

/**
 * Pod templates compared as the Deployment controller compares them to find a template's
 * ReplicaSet: equal apart from the {@code pod-template-hash} label the controller adds (Kubernetes'
 * {@code EqualIgnoreHash}). Both sides come from the API server, defaults filled in alike.
 */
final class PodTemplates {

  static final String TEMPLATE_HASH_LABEL = "pod-template-hash";
  private static final ObjectMapper JSON = new ObjectMapper();

  private PodTemplates() {}

  /** The pod template of a Deployment, StatefulSet or DaemonSet. */
  static PodTemplateSpec of(HasMetadata workload) {
    if (workload instanceof Deployment deployment) {
      return deployment.getSpec().getTemplate();
    }
    if (workload instanceof StatefulSet set) {
      return set.getSpec().getTemplate();
    }
    if (workload instanceof DaemonSet set) {
      return set.getSpec().getTemplate();
    }
    throw new IllegalArgumentException("no pod template in a " + workload.getKind());
  }

  /** The template as compared: a tree without the controller's hash label. */
  static JsonNode comparable(PodTemplateSpec template) {
    JsonNode tree = JSON.valueToTree(template);
    if (tree.path("metadata").path("labels") instanceof ObjectNode labels) {
      labels.remove(TEMPLATE_HASH_LABEL);
    }
    return tree;
  }

  static boolean same(PodTemplateSpec template, JsonNode comparable) {
    return template != null && comparable(template).equals(comparable);
  }
}
