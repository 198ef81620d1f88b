package dev.tagship.sandbox.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Plays the StatefulSet and DaemonSet controllers for {@link KubeController}: a changed template
 * gets a ControllerRevision, and pods owned by the workload itself, labelled {@code
 * controller-revision-hash} with that revision, whose status follows a {@link PodBehaviour}. The
 * StatefulSet's rolling update replaces pods from the highest ordinal down to its partition and,
 * like {@code OrderedReady}, stops at the first pod that fails; the DaemonSet runs one pod on the
 * stand-in's one node, replacing the old one. Both write the status fields {@code kubectl rollout
 * status} reads.
 */
final class PodSetController {

  static final String REVISION_HASH = "controller-revision-hash";

  private final KubernetesClient client;
  private final EventRecorder events;
  private final Kubelet kubelet;
  private final KubeController controller;
  private final AtomicLong podNames = new AtomicLong();

  PodSetController(
      KubernetesClient client, EventRecorder events, Kubelet kubelet, KubeController controller) {
    this.client = client;
    this.events = events;
    this.kubelet = kubelet;
    this.controller = controller;
  }

  // ---------------------------------------------------------------- the statefulset controller

  void reconcileStatefulSet(String namespace, String name, PodBehaviour forced, boolean replay) {
    StatefulSet set = client.apps().statefulSets().inNamespace(namespace).withName(name).get();
    if (set == null || set.getMetadata().getDeletionTimestamp() != null) {
      return;
    }
    if (!replay
        && set.getStatus() != null
        && Objects.equals(
            set.getMetadata().getGeneration(), set.getStatus().getObservedGeneration())) {
      return;
    }
    PodTemplateSpec template = set.getSpec().getTemplate();
    // A StatefulSet's pods carry the revision's whole name, e.g. db-7c9f6d5b8.
    String revision = ensureRevision(set, template, true);
    PodBehaviour behaviour =
        forced != null ? forced : controller.behaviourOf(namespace, name, template);
    int desired = Objects.requireNonNullElse(set.getSpec().getReplicas(), 1);
    int partition = partition(set);
    TreeMap<Integer, Pod> byOrdinal = new TreeMap<>();
    for (Pod pod : ownedPods(set)) {
      int ordinal = ordinal(pod);
      if (ordinal >= desired) {
        deletePod(set, pod, "statefulset-controller");
      } else {
        byOrdinal.put(ordinal, pod);
      }
    }
    List<Integer> toCreate = new ArrayList<>();
    for (int ordinal = 0; ordinal < desired; ordinal++) {
      if (!byOrdinal.containsKey(ordinal)) {
        toCreate.add(ordinal);
      }
    }
    List<Integer> toReplace = new ArrayList<>();
    for (int ordinal = desired - 1; ordinal >= partition; ordinal--) {
      Pod pod = byOrdinal.get(ordinal);
      if (pod != null && (replay || !revision.equals(revisionOf(pod)))) {
        toReplace.add(ordinal);
      }
    }
    if (behaviour != PodBehaviour.READY) {
      // OrderedReady: the controller waits for each pod it made, so a failing one is the last.
      Integer first = !toCreate.isEmpty() ? toCreate.get(0) : null;
      Integer replaced = first == null && !toReplace.isEmpty() ? toReplace.get(0) : null;
      toCreate = first == null ? List.of() : List.of(first);
      toReplace = replaced == null ? List.of() : List.of(replaced);
    }
    for (int ordinal : toReplace) {
      deletePod(set, byOrdinal.get(ordinal), "statefulset-controller");
      createPod(set, name + "-" + ordinal, statefulSetLabels(set, revision, ordinal), behaviour);
    }
    for (int ordinal : toCreate) {
      createPod(set, name + "-" + ordinal, statefulSetLabels(set, revision, ordinal), behaviour);
    }
    if (behaviour == PodBehaviour.CRASH_LOOP || behaviour == PodBehaviour.IMAGE_PULL_BACKOFF) {
      controller.restartPods(
          namespace, "statefulset/" + name, () -> podsAt(set, revision), behaviour);
    }
    writeStatefulSetStatus(set, revision, desired);
  }

  private Map<String, String> statefulSetLabels(StatefulSet set, String revision, int ordinal) {
    Map<String, String> labels = new TreeMap<>(templateLabels(set.getSpec().getTemplate()));
    labels.put(REVISION_HASH, revision);
    labels.put("statefulset.kubernetes.io/pod-name", set.getMetadata().getName() + "-" + ordinal);
    labels.put("apps.kubernetes.io/pod-index", Integer.toString(ordinal));
    return labels;
  }

  private void writeStatefulSetStatus(StatefulSet stale, String revision, int desired) {
    StatefulSet set =
        client
            .apps()
            .statefulSets()
            .inNamespace(stale.getMetadata().getNamespace())
            .withName(stale.getMetadata().getName())
            .get();
    List<Pod> pods = ownedPods(set);
    StatefulSetStatus previous = set.getStatus();
    long updated = pods.stream().filter(p -> revision.equals(revisionOf(p))).count();
    long ready = pods.stream().filter(KubeController::isReady).count();
    String current =
        previous == null || previous.getCurrentRevision() == null
            ? revision
            : previous.getCurrentRevision();
    if (updated == desired && ready == desired) {
      current = revision;
    }
    String currentRevision = current;
    set.getMetadata().setResourceVersion(null);
    set.setStatus(
        new StatefulSetStatusBuilder()
            .withObservedGeneration(set.getMetadata().getGeneration())
            .withReplicas(pods.size())
            .withReadyReplicas((int) ready)
            .withAvailableReplicas((int) ready)
            .withCurrentReplicas(
                (int) pods.stream().filter(p -> currentRevision.equals(revisionOf(p))).count())
            .withUpdatedReplicas((int) updated)
            .withCurrentRevision(currentRevision)
            .withUpdateRevision(revision)
            .withCollisionCount(0)
            .build());
    client.apps().statefulSets().resource(set).patchStatus();
  }

  private static int partition(StatefulSet set) {
    var strategy = set.getSpec().getUpdateStrategy();
    return strategy == null
            || strategy.getRollingUpdate() == null
            || strategy.getRollingUpdate().getPartition() == null
        ? 0
        : strategy.getRollingUpdate().getPartition();
  }

  private static int ordinal(Pod pod) {
    String name = pod.getMetadata().getName();
    return Integer.parseInt(name.substring(name.lastIndexOf('-') + 1));
  }

  // ---------------------------------------------------------------- the daemonset controller

  void reconcileDaemonSet(String namespace, String name, PodBehaviour forced, boolean replay) {
    DaemonSet set = client.apps().daemonSets().inNamespace(namespace).withName(name).get();
    if (set == null || set.getMetadata().getDeletionTimestamp() != null) {
      return;
    }
    if (!replay
        && set.getStatus() != null
        && Objects.equals(
            set.getMetadata().getGeneration(), set.getStatus().getObservedGeneration())) {
      return;
    }
    PodTemplateSpec template = set.getSpec().getTemplate();
    // A DaemonSet's pods carry only the hash part of the revision's name.
    String hash = ensureRevision(set, template, false);
    PodBehaviour behaviour =
        forced != null ? forced : controller.behaviourOf(namespace, name, template);
    boolean running = false;
    for (Pod pod : ownedPods(set)) {
      if (replay || !hash.equals(revisionOf(pod))) {
        // maxUnavailable 1 on the one node: the old pod goes before the new one starts.
        deletePod(set, pod, "daemonset-controller");
      } else {
        running = true;
      }
    }
    if (!running) {
      Map<String, String> labels = new TreeMap<>(templateLabels(template));
      labels.put(REVISION_HASH, hash);
      labels.put("pod-template-generation", String.valueOf(set.getMetadata().getGeneration()));
      String podName =
          name + "-" + Fnv.safe(name + "/" + hash + "/" + podNames.incrementAndGet(), 5);
      createPod(set, podName, labels, behaviour);
    }
    if (behaviour == PodBehaviour.CRASH_LOOP || behaviour == PodBehaviour.IMAGE_PULL_BACKOFF) {
      controller.restartPods(namespace, "daemonset/" + name, () -> podsAt(set, hash), behaviour);
    }
    writeDaemonSetStatus(set, hash);
  }

  private void writeDaemonSetStatus(DaemonSet stale, String hash) {
    DaemonSet set =
        client
            .apps()
            .daemonSets()
            .inNamespace(stale.getMetadata().getNamespace())
            .withName(stale.getMetadata().getName())
            .get();
    List<Pod> pods = ownedPods(set);
    int ready = (int) pods.stream().filter(KubeController::isReady).count();
    set.getMetadata().setResourceVersion(null);
    set.setStatus(
        new DaemonSetStatusBuilder()
            .withObservedGeneration(set.getMetadata().getGeneration())
            .withDesiredNumberScheduled(1)
            .withCurrentNumberScheduled(pods.size())
            .withUpdatedNumberScheduled(
                (int) pods.stream().filter(p -> hash.equals(revisionOf(p))).count())
            .withNumberReady(ready)
            .withNumberAvailable(ready)
            .withNumberUnavailable(1 - ready)
            .withNumberMisscheduled(0)
            .build());
    client.apps().daemonSets().resource(set).patchStatus();
  }

  // ---------------------------------------------------------------- shared

  /**
   * The ControllerRevision of {@code template}, made when it is new with the next revision number;
   * returns the value the pods' {@code controller-revision-hash} label takes.
   */
  private String ensureRevision(HasMetadata owner, PodTemplateSpec template, boolean fullName) {
    String namespace = owner.getMetadata().getNamespace();
    String hash = KubeController.templateHash(template);
    String name = owner.getMetadata().getName() + "-" + hash;
    List<ControllerRevision> owned =
        client.apps().controllerRevisions().inNamespace(namespace).list().getItems().stream()
            .filter(r -> KubeController.ownedBy(r, owner))
            .toList();
    if (owned.stream().noneMatch(r -> r.getMetadata().getName().equals(name))) {
      long next =
          owned.stream()
                  .mapToLong(r -> Objects.requireNonNullElse(r.getRevision(), 0L))
                  .max()
                  .orElse(0)
              + 1;
      client
          .apps()
          .controllerRevisions()
          .inNamespace(namespace)
          .resource(
              new ControllerRevisionBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .withNamespace(namespace)
                  .withLabels(templateLabels(template))
                  .addToLabels(REVISION_HASH, hash)
                  .withOwnerReferences(KubeController.controllerReference(owner))
                  .endMetadata()
                  .withRevision(next)
                  .withData(Map.of("spec", Map.of("template", template)))
                  .build())
          .create();
    }
    return fullName ? name : hash;
  }

  private List<Pod> ownedPods(HasMetadata owner) {
    return client.pods().inNamespace(owner.getMetadata().getNamespace()).list().getItems().stream()
        .filter(p -> KubeController.ownedBy(p, owner))
        .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
        .toList();
  }

  private List<Pod> podsAt(HasMetadata owner, String revision) {
    return ownedPods(owner).stream().filter(p -> revision.equals(revisionOf(p))).toList();
  }

  private static String revisionOf(Pod pod) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    return labels == null ? null : labels.get(REVISION_HASH);
  }

  private static Map<String, String> templateLabels(PodTemplateSpec template) {
    return template.getMetadata() == null || template.getMetadata().getLabels() == null
        ? Map.of()
        : template.getMetadata().getLabels();
  }

  private void createPod(
      HasMetadata owner, String name, Map<String, String> labels, PodBehaviour behaviour) {
    String namespace = owner.getMetadata().getNamespace();
    PodTemplateSpec template =
        owner instanceof StatefulSet set
            ? set.getSpec().getTemplate()
            : ((DaemonSet) owner).getSpec().getTemplate();
    Pod pod =
        client
            .pods()
            .inNamespace(namespace)
            .resource(
                new PodBuilder()
                    .withNewMetadata()
                    .withName(name)
                    .withNamespace(namespace)
                    .withLabels(labels)
                    .withAnnotations(
                        template.getMetadata() == null
                            ? null
                            : template.getMetadata().getAnnotations())
                    .withOwnerReferences(KubeController.controllerReference(owner))
                    .endMetadata()
                    .withSpec(template.getSpec())
                    .editSpec()
                    .withNodeName(Kubelet.NODE)
                    .endSpec()
                    .build())
            .create();
    boolean stateful = owner instanceof StatefulSet;
    events.record(
        owner,
        null,
        stateful ? "statefulset-controller" : "daemonset-controller",
        "Normal",
        "SuccessfulCreate",
        stateful
            ? "create Pod "
                + name
                + " in StatefulSet "
                + owner.getMetadata().getName()
                + " successful"
            : "Created pod: " + name);
    events.record(
        pod,
        null,
        "default-scheduler",
        "Normal",
        "Scheduled",
        "Successfully assigned " + namespace + "/" + name + " to " + Kubelet.NODE);
    kubelet.start(pod, behaviour);
  }

  private void deletePod(HasMetadata owner, Pod pod, String component) {
    client.pods().resource(pod).delete();
    events.record(
        owner,
        null,
        component,
        "Normal",
        "SuccessfulDelete",
        component.startsWith("statefulset")
            ? "delete Pod "
                + pod.getMetadata().getName()
                + " in StatefulSet "
                + owner.getMetadata().getName()
                + " successful"
            : "Deleted pod: " + pod.getMetadata().getName());
  }
}
