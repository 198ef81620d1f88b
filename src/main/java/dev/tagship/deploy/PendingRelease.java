package dev.tagship.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tagship.core.Event;
import dev.tagship.core.EventListener;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Optional;

/** Finds and repairs a release left {@code pending-*} by a build that is gone. */
final class PendingRelease {

  private final KubernetesClient client;
  private final EventListener events;

  PendingRelease(KubernetesClient client, EventListener events) {
    this.client = client;
    this.events = events;
  }

  /**
   * A release whose last revision is {@code pending-*} has a Helm operation on it that never ended
   * or is still running (helm/helm#8987): Helm refuses every further one. Only an owner that is
   * gone leaves it for good, and only a heartbeat says an owner is gone: this build holds the
   * release's lease now, so when it took that lease from a tagship build whose heartbeat had lapsed
   * ({@code lapsed}), that build's revision is abandoned and is repaired — marked failed, so this
   * upgrade supersedes it. A pending revision with no lapsed holder was made by a client that
   * records no owner (plain {@code helm}, a tagship before leases): no age proves it gone (a {@code
   * helm upgrade --wait --timeout 1h} is pending for an hour), so it is repaired only when asked.
   */
  void repairIfStuck(DeployRequest request, Optional<ReleaseLease.Lapsed> lapsed) {
    repairIfStuck(
        request.release(),
        request.namespace(),
        request.repairPending(),
        lapsed,
        "deploy again with repairPending (--repair-pending)");
  }

  /** As for a deploy; {@code retry} says how to ask for the repair ("deploy again with ..."). */
  void repairIfStuck(
      String release,
      String namespace,
      boolean repairAsked,
      Optional<ReleaseLease.Lapsed> lapsed,
      String retry) {
    ReleaseRecords records = new ReleaseRecords(client);
    List<JsonNode> revisions = records.revisions(release, namespace);
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
    if (lapsed.isEmpty() && !repairAsked) {
      throw DeployException.failure(
          "release "
              + release
              + " revision "
              + revision
              + " is "
              + status
              + " since "
              + since
              + ", and no tagship build owns it: it was left by a client that records no owner"
              + " (plain helm, or a tagship before release leases), so tagship cannot tell whether"
              + " that operation still runs. If it does not, "
              + retry
              + " to mark it failed and go on",
          null);
    }
    records.markAbandoned(release, namespace, revision);
    events.on(
        Event.warn(
            "Release "
                + release
                + " revision "
                + revision
                + " was left "
                + status
                + lapsed
                    .map(
                        owner ->
                            " by "
                                + owner.holder()
                                + ", whose last heartbeat was at "
                                + owner.lastHeartbeat()
                                + " (its hold lasts "
                                + owner.duration().toSeconds()
                                + " s): that build is gone")
                    .orElse(" (repair asked for)")
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
