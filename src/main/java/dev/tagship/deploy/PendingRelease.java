package dev.tagship.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tagship.core.Event;
import dev.tagship.core.EventListener;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/** Finds and repairs a release left {@code pending-*} by a build that was killed. */
final class PendingRelease {

  private final KubernetesClient client;
  private final EventListener events;

  PendingRelease(KubernetesClient client, EventListener events) {
    this.client = client;
    this.events = events;
  }

  /**
   * A release whose last revision is {@code pending-*} was left by a build that was killed
   * (helm/helm#8987): Helm refuses every further operation. It is repaired — that revision is
   * marked failed, so this upgrade supersedes it — only when asked, or when it has been pending for
   * longer than this deployment's timeout (its build is gone); otherwise tagship says so.
   */
  void repairIfStuck(DeployRequest request) {
    ReleaseRecords records = new ReleaseRecords(client);
    List<JsonNode> revisions = records.revisions(request.release(), request.namespace());
    if (revisions.isEmpty()) {
      return;
    }
    JsonNode last = revisions.get(revisions.size() - 1);
    String status = last.path("info").path("status").asText();
    if (!status.startsWith("pending-")) {
      return;
    }
    int revision = last.path("version").asInt();
    java.time.Instant since = lastDeployed(last);
    boolean abandoned =
        since != null && since.plus(request.timeout()).isBefore(java.time.Instant.now());
    if (!request.repairPending() && !abandoned) {
      throw DeployException.failure(
          "release "
              + request.release()
              + " revision "
              + revision
              + " is "
              + status
              + " since "
              + since
              + ": another deployment is running, or one was killed."
              + " Deploy again with repairPending (--repair-pending) to mark it failed and"
              + " go on",
          null);
    }
    records.markAbandoned(request.release(), request.namespace(), revision);
    events.on(
        Event.warn(
            "Release "
                + request.release()
                + " revision "
                + revision
                + " was stuck "
                + status
                + (abandoned ? " longer than the timeout" : "")
                + "; marked it failed"));
  }

  private static java.time.Instant lastDeployed(JsonNode record) {
    String text = record.path("info").path("last_deployed").asText(null);
    try {
      return text == null ? null : java.time.OffsetDateTime.parse(text).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }
}
