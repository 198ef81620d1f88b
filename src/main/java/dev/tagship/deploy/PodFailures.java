package dev.tagship.deploy;

import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Finds containers in a state they will not leave by themselves (CrashLoopBackOff,
 * ImagePullBackOff, CreateContainerConfigError...) and describes each: pod, container, reason,
 * message and the pod's last events.
 */
final class PodFailures {

  static final Set<String> FATAL_WAITING_REASONS =
      Set.of(
          "CrashLoopBackOff",
          "ImagePullBackOff",
          "ErrImagePull",
          "CreateContainerConfigError",
          "CreateContainerError",
          "InvalidImageName");

  private PodFailures() {}

  /**
   * One line per failing container; {@code eventsIn} (a namespace's events) is read only when
   * something failed there. A pod outside {@code releaseNamespace} is named with its namespace.
   */
  static List<String> describe(
      List<Pod> pods, Function<String, List<Event>> eventsIn, String releaseNamespace) {
    List<String> problems = new ArrayList<>();
    Map<String, List<Event>> known = new HashMap<>();
    for (Pod pod : pods) {
      String namespace = Objects.requireNonNullElse(pod.getMetadata().getNamespace(), "");
      for (ContainerStatus status : containerStatuses(pod)) {
        ContainerStateWaiting waiting =
            status.getState() == null ? null : status.getState().getWaiting();
        if (waiting != null && FATAL_WAITING_REASONS.contains(waiting.getReason())) {
          List<Event> events = known.computeIfAbsent(namespace, eventsIn);
          problems.add(
              "pod "
                  + pod.getMetadata().getName()
                  + (namespace.equals(releaseNamespace) ? "" : " in namespace " + namespace)
                  + " container "
                  + status.getName()
                  + ": "
                  + waiting.getReason()
                  + (waiting.getMessage() == null || waiting.getMessage().isBlank()
                      ? ""
                      : " — " + waiting.getMessage())
                  + lastEvents(events, pod));
        }
      }
    }
    return problems;
  }

  /**
   * One line per pod the scheduler could not place, with its reason ("0/3 nodes are available:
   * ...") — what a rollout that only waits is waiting for when no pod fails.
   */
  static List<String> unscheduled(List<Pod> pods, String releaseNamespace) {
    List<String> lines = new ArrayList<>();
    for (Pod pod : pods) {
      if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
        continue;
      }
      pod.getStatus().getConditions().stream()
          .filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()))
          .findFirst()
          .ifPresent(
              condition -> {
                String namespace = pod.getMetadata().getNamespace();
                lines.add(
                    "pod "
                        + pod.getMetadata().getName()
                        + (namespace == null || namespace.equals(releaseNamespace)
                            ? ""
                            : " in namespace " + namespace)
                        + " is not scheduled: "
                        + Objects.requireNonNullElse(condition.getReason(), "(no reason)")
                        + (condition.getMessage() == null ? "" : " — " + condition.getMessage()));
              });
    }
    return lines;
  }

  /**
   * The pod's own events: a StatefulSet's pod made again keeps its name, so an event of the pod it
   * replaced is told apart by its uid.
   */
  private static String lastEvents(List<Event> events, Pod pod) {
    String name = pod.getMetadata().getName();
    String uid = pod.getMetadata().getUid();
    List<Event> podEvents =
        events.stream()
            .filter(
                e ->
                    e.getInvolvedObject() != null
                        && name.equals(e.getInvolvedObject().getName())
                        && (uid == null
                            || e.getInvolvedObject().getUid() == null
                            || uid.equals(e.getInvolvedObject().getUid())))
            .sorted(Comparator.comparing(e -> Objects.requireNonNullElse(e.getLastTimestamp(), "")))
            .toList();
    List<String> lines = new ArrayList<>();
    for (Event event : podEvents.subList(Math.max(0, podEvents.size() - 3), podEvents.size())) {
      lines.add(event.getReason() + ": " + event.getMessage());
    }
    return lines.isEmpty() ? "" : " (events: " + String.join("; ", lines) + ")";
  }

  /** Init containers too: one crash-looping before the app starts fails the pod the same way. */
  static List<ContainerStatus> containerStatuses(Pod pod) {
    if (pod.getStatus() == null) {
      return List.of();
    }
    List<ContainerStatus> all = new ArrayList<>();
    all.addAll(Objects.requireNonNullElse(pod.getStatus().getInitContainerStatuses(), List.of()));
    all.addAll(Objects.requireNonNullElse(pod.getStatus().getContainerStatuses(), List.of()));
    return all;
  }
}
