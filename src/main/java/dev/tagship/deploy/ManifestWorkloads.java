package dev.tagship.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The workloads a revision's rendered manifest (Helm's multi-document YAML) names, each in its own
 * namespace: what verification waits for, and what it names but cannot wait for.
 *
 * @param rollouts Deployments, StatefulSets and DaemonSets: their rollouts are verified
 * @param notVerified Jobs, CronJobs and bare Pods, ReplicaSets and ReplicationControllers: they
 *     make pods but have no rollout ({@code kubectl rollout status} knows none of them; a Job's run
 *     may outlast any deploy), so they are named in the verdict and not waited for. Kinds of custom
 *     resources are not looked at.
 */
record ManifestWorkloads(List<WorkloadRef> rollouts, List<WorkloadRef> notVerified) {

  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Set<String> ROLLOUT_KINDS = Set.of("Deployment", "StatefulSet", "DaemonSet");
  private static final Set<String> OTHER_POD_KINDS =
      Set.of("Job", "CronJob", "Pod", "ReplicaSet", "ReplicationController");

  ManifestWorkloads {
    rollouts = List.copyOf(rollouts);
    notVerified = List.copyOf(notVerified);
  }

  static ManifestWorkloads parse(String manifest, String releaseNamespace) {
    List<WorkloadRef> rollouts = new ArrayList<>();
    List<WorkloadRef> notVerified = new ArrayList<>();
    try (MappingIterator<JsonNode> documents =
        YAML.readerFor(JsonNode.class).readValues(manifest == null ? "" : manifest)) {
      while (documents.hasNext()) {
        JsonNode document = documents.next();
        if (document == null || !document.isObject()) {
          continue; // an empty document: a template that rendered nothing
        }
        String kind = document.path("kind").asText("");
        JsonNode metadata = document.path("metadata");
        String namespace = metadata.path("namespace").asText("");
        WorkloadRef ref =
            new WorkloadRef(
                kind,
                namespace.isBlank() ? releaseNamespace : namespace,
                metadata.path("name").asText(""));
        if (ROLLOUT_KINDS.contains(kind)
            && document.path("apiVersion").asText("").startsWith("apps/")) {
          rollouts.add(ref);
        } else if (OTHER_POD_KINDS.contains(kind)) {
          notVerified.add(ref);
        }
      }
    } catch (IOException | RuntimeException e) {
      // Jackson's iterator reports a YAML syntax error unchecked
      throw DeployException.failure(
          "the manifest Helm stored for this revision could not be read: " + e.getMessage(), e);
    }
    return new ManifestWorkloads(rollouts, notVerified);
  }
}
