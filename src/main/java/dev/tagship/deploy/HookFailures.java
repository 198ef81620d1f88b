package dev.tagship.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Names the Helm hooks of a revision that failed or never finished (Helm's record keeps each hook's
 * last run), and for a hook Job what its pods show: phase, container state, restarts and the last
 * lines of their logs — where Helm itself says only "timed out waiting for the condition".
 */
final class HookFailures {

  private static final int LOG_LINES = 5;
  private static final Set<String> TERMINAL_CONDITIONS = Set.of("Complete", "Failed");

  private final KubernetesClient client;

  HookFailures(KubernetesClient client) {
    this.client = client;
  }

  /** One entry per hook of {@code record} that did not succeed; empty when all did. */
  List<String> describe(JsonNode record, String namespace) {
    List<String> failures = new ArrayList<>();
    for (JsonNode hook : record.path("hooks")) {
      String phase = hook.path("last_run").path("phase").asText("");
      if (phase.isEmpty() || phase.equals("Succeeded")) {
        continue;
      }
      String kind = hook.path("kind").asText();
      String name = hook.path("name").asText();
      List<String> events = new ArrayList<>();
      hook.path("events").forEach(event -> events.add(event.asText()));
      StringBuilder line =
          new StringBuilder(String.join("/", events))
              .append(" hook ")
              .append(kind)
              .append(' ')
              .append(name)
              .append(" (")
              .append(hook.path("path").asText())
              .append("): ");
      line.append(kind.equals("Job") ? jobState(name, namespace, phase) : phase);
      failures.add(line.toString());
    }
    return failures;
  }

  /**
   * Helm records a hook it stopped waiting for as Failed too; the Job tells whether it failed or
   * never finished.
   */
  private String jobState(String name, String namespace, String phase) {
    try {
      Job job = client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
      if (job == null) {
        return phase + "; the Job is gone (deleted by its hook-delete-policy)";
      }
      StringBuilder state = new StringBuilder();
      List<JobCondition> conditions =
          job.getStatus() == null || job.getStatus().getConditions() == null
              ? List.of()
              : job.getStatus().getConditions();
      for (JobCondition condition : conditions) {
        if ("True".equals(condition.getStatus())
            && TERMINAL_CONDITIONS.contains(condition.getType())) {
          state
              .append(state.isEmpty() ? "" : "; ")
              .append("Job ")
              .append(condition.getType())
              .append(": ")
              .append(Objects.requireNonNullElse(condition.getReason(), "(no reason)"));
        }
      }
      if (state.isEmpty()) {
        state.append("did not finish");
      }
      List<Pod> pods =
          client.pods().inNamespace(namespace).withLabel("job-name", name).list().getItems();
      if (pods.isEmpty()) {
        state.append("; no pod was created");
      }
      for (Pod pod : pods) {
        state
            .append("; pod ")
            .append(pod.getMetadata().getName())
            .append(' ')
            .append(podState(pod));
        state.append(lastLogLines(pod, namespace));
      }
      return state.toString();
    } catch (KubernetesClientException e) {
      return phase + "; its Job could not be read: " + reason(e);
    }
  }

  private static String podState(Pod pod) {
    if (pod.getStatus() == null) {
      return "(no status)";
    }
    List<String> parts = new ArrayList<>();
    parts.add(Objects.requireNonNullElse(pod.getStatus().getPhase(), "Unknown"));
    for (ContainerStatus status : PodFailures.containerStatuses(pod)) {
      parts.add(
          "container "
              + status.getName()
              + " "
              + containerState(status.getState())
              + restarts(status));
    }
    return String.join(", ", parts);
  }

  private static String containerState(ContainerState state) {
    if (state == null) {
      return "unknown";
    }
    if (state.getWaiting() != null) {
      return "waiting: " + state.getWaiting().getReason();
    }
    if (state.getTerminated() != null) {
      return "terminated: "
          + state.getTerminated().getReason()
          + " (exit code "
          + state.getTerminated().getExitCode()
          + ")";
    }
    return "running";
  }

  private static String restarts(ContainerStatus status) {
    Integer count = status.getRestartCount();
    return count == null || count == 0 ? "" : " after " + count + " restart(s)";
  }

  private String lastLogLines(Pod pod, String namespace) {
    try {
      String log =
          client
              .pods()
              .inNamespace(namespace)
              .withName(pod.getMetadata().getName())
              .tailingLines(LOG_LINES)
              .getLog();
      if (log == null || log.isBlank()) {
        return "";
      }
      return "; last log lines: " + String.join(" | ", log.strip().split("\n"));
    } catch (KubernetesClientException e) {
      return "; its log cannot be read: " + reason(e);
    }
  }

  /** The API server's own words, without fabric8's request and status dump. */
  private static String reason(KubernetesClientException e) {
    if (e.getStatus() != null && e.getStatus().getMessage() != null) {
      return e.getStatus().getMessage() + " (HTTP " + e.getCode() + ")";
    }
    return HelmErrors.oneLine(e.getMessage());
  }
}
