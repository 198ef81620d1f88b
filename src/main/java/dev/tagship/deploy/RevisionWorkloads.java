package dev.tagship.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The workloads of one revision, each with the pod template that revision applied — read from the
 * cluster right after its upgrade — and each later look at them: a workload is judged on the
 * objects of that template only (its ReplicaSet, its ControllerRevision), and one whose template
 * has changed since is reported replaced, not judged on someone else's rollout.
 */
final class RevisionWorkloads {

  private final KubernetesClient client;
  private final String releaseNamespace;
  private final Map<WorkloadRef, JsonNode> ownTemplates;

  private RevisionWorkloads(
      KubernetesClient client, String releaseNamespace, Map<WorkloadRef, JsonNode> ownTemplates) {
    this.client = client;
    this.releaseNamespace = releaseNamespace;
    this.ownTemplates = ownTemplates;
  }

  /**
   * Reads each workload's template as it is now. Only valid for the revision when no newer Helm
   * revision exists once this returns: the caller checks.
   */
  static RevisionWorkloads capture(
      KubernetesClient client, String releaseNamespace, List<WorkloadRef> refs) {
    Map<WorkloadRef, JsonNode> templates = new LinkedHashMap<>();
    for (WorkloadRef ref : refs) {
      HasMetadata live = read(client, ref);
      templates.put(ref, live == null ? null : PodTemplates.comparable(PodTemplates.of(live)));
    }
    return new RevisionWorkloads(client, releaseNamespace, templates);
  }

  /** Every workload, judged from one look at each namespace they live in. */
  List<WorkloadRollout> look() {
    Map<String, NamespaceObjects> byNamespace = new LinkedHashMap<>();
    List<WorkloadRollout> rollouts = new ArrayList<>();
    for (Map.Entry<WorkloadRef, JsonNode> own : ownTemplates.entrySet()) {
      WorkloadRef ref = own.getKey();
      String name = ref.describe(releaseNamespace);
      HasMetadata live = own.getValue() == null ? null : read(client, ref);
      if (live == null) {
        rollouts.add(WorkloadRollout.replaced(name, "it was deleted"));
        continue;
      }
      if (!PodTemplates.same(PodTemplates.of(live), own.getValue())) {
        rollouts.add(WorkloadRollout.replaced(name, "its pod template was changed"));
        continue;
      }
      NamespaceObjects objects =
          byNamespace.computeIfAbsent(
              ref.namespace(), namespace -> new NamespaceObjects(namespace));
      rollouts.add(judge(name, live, own.getValue(), objects));
    }
    return rollouts;
  }

  private static WorkloadRollout judge(
      String name, HasMetadata live, JsonNode ownTemplate, NamespaceObjects objects) {
    if (live instanceof Deployment deployment) {
      return DeploymentRollout.judge(
          name, deployment, ownTemplate, objects.replicaSets(), objects.pods());
    }
    if (live instanceof StatefulSet set) {
      return StatefulSetRollout.judge(name, set, objects.pods());
    }
    return DaemonSetRollout.judge(
        name, (DaemonSet) live, objects.controllerRevisions(), objects.pods());
  }

  private static HasMetadata read(KubernetesClient client, WorkloadRef ref) {
    var apps = client.apps();
    return switch (ref.kind()) {
      case "Deployment" ->
          apps.deployments().inNamespace(ref.namespace()).withName(ref.name()).get();
      case "StatefulSet" ->
          apps.statefulSets().inNamespace(ref.namespace()).withName(ref.name()).get();
      case "DaemonSet" -> apps.daemonSets().inNamespace(ref.namespace()).withName(ref.name()).get();
      default -> throw new IllegalArgumentException("not a workload with a rollout: " + ref);
    };
  }

  /** Pods, ReplicaSets and ControllerRevisions of one namespace, each listed once per look. */
  private final class NamespaceObjects {
    private final String namespace;
    private List<Pod> pods;
    private List<ReplicaSet> replicaSets;
    private List<ControllerRevision> controllerRevisions;

    NamespaceObjects(String namespace) {
      this.namespace = namespace;
    }

    List<Pod> pods() {
      if (pods == null) {
        pods = client.pods().inNamespace(namespace).list().getItems();
      }
      return pods;
    }

    List<ReplicaSet> replicaSets() {
      if (replicaSets == null) {
        replicaSets = client.apps().replicaSets().inNamespace(namespace).list().getItems();
      }
      return replicaSets;
    }

    List<ControllerRevision> controllerRevisions() {
      if (controllerRevisions == null) {
        controllerRevisions =
            client.apps().controllerRevisions().inNamespace(namespace).list().getItems();
      }
      return controllerRevisions;
    }
  }
}
