package dev.tagship.sandbox.kube;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIPBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The node's side of a pod, as {@link KubeController} plays it: the status a kubelet reports for
 * each {@link PodBehaviour} (phase, conditions, container states, restart counts), the events it
 * records, and the container log. Events are recorded before the status they explain, so whoever
 * sees the status finds them.
 */
final class Kubelet {

  static final String NODE = "kube-api-fixture-node";

  private final KubernetesClient client;
  private final EventRecorder events;
  private final KubeController.PodLogs podLogs;
  private final Clock clock;
  private final AtomicLong podIps = new AtomicLong(10);

  Kubelet(
      KubernetesClient client, EventRecorder events, KubeController.PodLogs podLogs, Clock clock) {
    this.client = client;
    this.events = events;
    this.podLogs = podLogs;
    this.clock = clock;
  }

  /** Runs a pod the ReplicaSet controller has just created and the scheduler placed here. */
  Pod start(Pod pod, PodBehaviour behaviour) {
    kubeletEvents(pod, behaviour);
    pod.getMetadata().setResourceVersion(null);
    pod.setStatus(podStatus(pod, behaviour, 1));
    return client.pods().resource(pod).patchStatus();
  }

  /**
   * The next attempt of a failing pod: a crash-looping container restarts (its restartCount grows,
   * up to {@code maxRestarts}); an image that could not be pulled goes from ErrImagePull to
   * ImagePullBackOff. Returns whether the pod will try again.
   */
  boolean retry(Pod pod, PodBehaviour behaviour, int maxRestarts) {
    ContainerStatus first =
        pod.getStatus() == null || pod.getStatus().getContainerStatuses().isEmpty()
            ? null
            : pod.getStatus().getContainerStatuses().get(0);
    int restarts = first == null ? 0 : first.getRestartCount();
    if (behaviour == PodBehaviour.CRASH_LOOP && restarts >= maxRestarts) {
      return false;
    }
    if (behaviour == PodBehaviour.IMAGE_PULL_BACKOFF
        && first != null
        && first.getState().getWaiting() != null
        && "ImagePullBackOff".equals(first.getState().getWaiting().getReason())) {
      return false;
    }
    String namespace = pod.getMetadata().getNamespace();
    for (var container : pod.getSpec().getContainers()) {
      String fieldPath = "spec.containers{" + container.getName() + "}";
      if (behaviour == PodBehaviour.CRASH_LOOP) {
        events.record(
            pod,
            fieldPath,
            "kubelet",
            "Normal",
            "Started",
            "Started container " + container.getName());
        events.record(
            pod,
            fieldPath,
            "kubelet",
            "Warning",
            "BackOff",
            "Back-off restarting failed container "
                + container.getName()
                + " in pod "
                + pod.getMetadata().getName()
                + "_"
                + namespace
                + "("
                + pod.getMetadata().getUid()
                + ")");
      } else {
        events.record(
            pod,
            fieldPath,
            "kubelet",
            "Normal",
            "BackOff",
            "Back-off pulling image \"" + container.getImage() + "\"");
        events.record(pod, fieldPath, "kubelet", "Warning", "Failed", "Error: ImagePullBackOff");
      }
    }
    int attempt = behaviour == PodBehaviour.CRASH_LOOP ? restarts + 1 : 2;
    pod.getMetadata().setResourceVersion(null);
    pod.setStatus(podStatus(pod, behaviour, attempt));
    client.pods().resource(pod).patchStatus();
    return behaviour == PodBehaviour.CRASH_LOOP && attempt < maxRestarts;
  }

  private PodStatus podStatus(Pod pod, PodBehaviour behaviour, int restarts) {
    String now = now();
    boolean ready = behaviour == PodBehaviour.READY;
    boolean started = ready || behaviour == PodBehaviour.PROGRESS_DEADLINE_EXCEEDED;
    String phase =
        switch (behaviour) {
          case READY, CRASH_LOOP, PROGRESS_DEADLINE_EXCEEDED -> "Running";
          case IMAGE_PULL_BACKOFF, CREATE_CONTAINER_CONFIG_ERROR -> "Pending";
        };
    List<ContainerStatus> containers = new ArrayList<>();
    List<String> unready = new ArrayList<>();
    for (var container : pod.getSpec().getContainers()) {
      if (!ready) {
        unready.add(container.getName());
      }
      containers.add(
          containerStatus(
              pod, container.getName(), container.getImage(), behaviour, restarts, now));
    }
    String notReadyMessage = "containers with unready status: " + unready;
    String podIp =
        pod.getStatus() != null && pod.getStatus().getPodIP() != null
            ? pod.getStatus().getPodIP()
            : "10.244.0." + (podIps.incrementAndGet() % 250 + 2);
    return new PodStatusBuilder()
        .withPhase(phase)
        .withHostIP("10.224.0.4")
        .withPodIP(podIp)
        .withPodIPs(new PodIPBuilder().withIp(podIp).build())
        .withStartTime(now)
        .withQosClass("BestEffort")
        .withConditions(
            condition(
                "PodReadyToStartContainers",
                started || behaviour == PodBehaviour.CRASH_LOOP,
                null,
                null,
                now),
            condition("Initialized", true, null, null, now),
            condition("Ready", ready, "ContainersNotReady", notReadyMessage, now),
            condition("ContainersReady", ready, "ContainersNotReady", notReadyMessage, now),
            condition("PodScheduled", true, null, null, now))
        .withContainerStatuses(containers)
        .build();
  }

  private static PodCondition condition(
      String type, boolean status, String reason, String message, String now) {
    return new PodConditionBuilder()
        .withType(type)
        .withStatus(status ? "True" : "False")
        .withReason(status ? null : reason)
        .withMessage(status ? null : message)
        .withLastTransitionTime(now)
        .build();
  }

  private ContainerStatus containerStatus(
      Pod pod, String container, String image, PodBehaviour behaviour, int restarts, String now) {
    String podRef =
        pod.getMetadata().getName()
            + "_"
            + pod.getMetadata().getNamespace()
            + "("
            + pod.getMetadata().getUid()
            + ")";
    ContainerStatusBuilder status =
        new ContainerStatusBuilder()
            .withName(container)
            .withImage(image)
            .withImageID("")
            .withContainerID("")
            .withRestartCount(0)
            .withReady(behaviour == PodBehaviour.READY)
            .withStarted(
                behaviour == PodBehaviour.READY
                    || behaviour == PodBehaviour.PROGRESS_DEADLINE_EXCEEDED);
    String digest = "sha256:" + "0".repeat(56) + Fnv.hex(image);
    switch (behaviour) {
      case READY, PROGRESS_DEADLINE_EXCEEDED ->
          status
              .withImageID(image + "@" + digest)
              .withContainerID("containerd://" + Fnv.hex(pod.getMetadata().getName()).repeat(8))
              .withState(
                  new ContainerStateBuilder()
                      .withNewRunning()
                      .withStartedAt(now)
                      .endRunning()
                      .build());
      case CRASH_LOOP ->
          status
              .withImageID(image + "@" + digest)
              .withContainerID("containerd://" + Fnv.hex(pod.getMetadata().getName()).repeat(8))
              .withRestartCount(restarts)
              .withState(
                  waiting(
                      "CrashLoopBackOff",
                      "back-off "
                          + Math.min(300, 10 << Math.min(5, restarts - 1))
                          + "s restarting failed container="
                          + container
                          + " pod="
                          + podRef))
              .withLastState(
                  new ContainerStateBuilder()
                      .withNewTerminated()
                      .withExitCode(1)
                      .withReason("Error")
                      .withStartedAt(now)
                      .withFinishedAt(now)
                      .withContainerID(
                          "containerd://" + Fnv.hex(pod.getMetadata().getName()).repeat(8))
                      .endTerminated()
                      .build());
      case IMAGE_PULL_BACKOFF ->
          status.withState(
              restarts <= 1
                  ? waiting("ErrImagePull", pullError(image))
                  : waiting(
                      "ImagePullBackOff",
                      "Back-off pulling image \""
                          + image
                          + "\": ErrImagePull: "
                          + pullError(image)));
      case CREATE_CONTAINER_CONFIG_ERROR ->
          status
              .withImageID(image + "@" + digest)
              .withState(
                  waiting(
                      "CreateContainerConfigError",
                      "secret \"" + missingSecret(pod) + "\" not found"));
    }
    return status.build();
  }

  private static ContainerState waiting(String reason, String message) {
    return new ContainerStateBuilder()
        .withNewWaiting()
        .withReason(reason)
        .withMessage(message)
        .endWaiting()
        .build();
  }

  private static String pullError(String image) {
    return "rpc error: code = NotFound desc = failed to pull and unpack image \""
        + image
        + "\": failed to resolve reference \""
        + image
        + "\": "
        + image
        + ": not found";
  }

  private static String missingSecret(Pod pod) {
    String owner = pod.getMetadata().getLabels().getOrDefault("app.kubernetes.io/name", "app");
    return owner + "-secrets";
  }

  private void kubeletEvents(Pod pod, PodBehaviour behaviour) {
    for (var container : pod.getSpec().getContainers()) {
      String name = container.getName();
      String image = container.getImage();
      String fieldPath = "spec.containers{" + name + "}";
      switch (behaviour) {
        case READY, PROGRESS_DEADLINE_EXCEEDED, CRASH_LOOP -> {
          events.record(
              pod, fieldPath, "kubelet", "Normal", "Pulling", "Pulling image \"" + image + "\"");
          events.record(
              pod,
              fieldPath,
              "kubelet",
              "Normal",
              "Pulled",
              "Successfully pulled image \""
                  + image
                  + "\" in 1.2s (1.2s including waiting). Image size: 1024 bytes.");
          events.record(
              pod, fieldPath, "kubelet", "Normal", "Created", "Created container: " + name);
          events.record(
              pod, fieldPath, "kubelet", "Normal", "Started", "Started container " + name);
          if (behaviour == PodBehaviour.PROGRESS_DEADLINE_EXCEEDED) {
            events.record(
                pod,
                fieldPath,
                "kubelet",
                "Warning",
                "Unhealthy",
                "Readiness probe failed: HTTP probe failed with statuscode: 503");
          }
          if (behaviour == PodBehaviour.CRASH_LOOP) {
            podLogs.set(
                pod.getMetadata().getNamespace(),
                pod.getMetadata().getName(),
                "starting "
                    + image
                    + "\nfatal: simulated crash (the fixture's CRASH_LOOP behaviour)\n");
            events.record(
                pod,
                fieldPath,
                "kubelet",
                "Warning",
                "BackOff",
                "Back-off restarting failed container "
                    + name
                    + " in pod "
                    + pod.getMetadata().getName()
                    + "_"
                    + pod.getMetadata().getNamespace()
                    + "("
                    + pod.getMetadata().getUid()
                    + ")");
          } else {
            podLogs.set(
                pod.getMetadata().getNamespace(),
                pod.getMetadata().getName(),
                "starting " + image + "\nlistening on :80\n");
          }
        }
        case IMAGE_PULL_BACKOFF -> {
          events.record(
              pod, fieldPath, "kubelet", "Normal", "Pulling", "Pulling image \"" + image + "\"");
          events.record(
              pod,
              fieldPath,
              "kubelet",
              "Warning",
              "Failed",
              "Failed to pull image \"" + image + "\": " + pullError(image));
          events.record(pod, fieldPath, "kubelet", "Warning", "Failed", "Error: ErrImagePull");
        }
        case CREATE_CONTAINER_CONFIG_ERROR -> {
          events.record(
              pod,
              fieldPath,
              "kubelet",
              "Normal",
              "Pulled",
              "Container image \"" + image + "\" already present on machine");
          events.record(
              pod,
              fieldPath,
              "kubelet",
              "Warning",
              "Failed",
              "Error: secret \"" + missingSecret(pod) + "\" not found");
        }
      }
    }
  }

  private String now() {
    return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
