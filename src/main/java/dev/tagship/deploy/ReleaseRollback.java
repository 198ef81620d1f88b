package dev.tagship.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tagship.core.Event;
import dev.tagship.core.EventListener;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/**
 * Rolls a release back with {@code helm rollback} itself (Helm's stored manifest of the target
 * revision, its rollback hooks, a new revision) to the last revision tagship recorded good (not
 * blindly N-1), and verifies that rollout with its own timeout.
 */
final class ReleaseRollback {

  private final KubernetesClient client;
  private final EventListener events;

  ReleaseRollback(KubernetesClient client, EventListener events) {
    this.client = client;
    this.events = events;
  }

  RollbackResult rollback(RollbackRequest request) {
    ReleaseRecords records = new ReleaseRecords(client);
    List<JsonNode> revisions = records.revisions(request.release(), request.namespace());
    if (revisions.isEmpty()) {
      throw DeployException.failure(
          "release " + request.release() + " has no revisions in " + request.namespace(), null);
    }
    int current = fromRevision(request, records, revisions);
    int target =
        targetRevision(
            request, revisions, records.good(request.release(), request.namespace()), current);
    if (revisions.stream().noneMatch(r -> r.path("version").asInt() == target)) {
      throw DeployException.usage(
          "release "
              + request.release()
              + " has no revision "
              + target
              + "; Helm keeps only the last revisions (see tagship history)");
    }
    events.on(
        Event.info(
            "Rolling " + request.release() + " back from revision " + current + " to " + target));
    HelmRollback.Outcome outcome =
        new HelmRollback(events)
            .run(
                request.cluster(),
                request.namespace(),
                request.release(),
                target,
                request.timeout(),
                "Rollback to "
                    + target
                    + (request.reason() == null ? "" : ": " + request.reason()));
    new StuckStatefulSetPods(client, events)
        .release(
            ManifestWorkloads.parse(
                    records.manifest(request.release(), request.namespace(), outcome.revision()),
                    request.namespace())
                .rollouts());
    Verification verification =
        new RolloutVerifier(client, events)
            .verify(request.release(), request.namespace(), outcome.revision(), request.timeout());
    if (verification.succeeded()) {
      records.markVerified(request.release(), request.namespace(), outcome.revision());
    }
    return new RollbackResult(
        request.release(), request.namespace(), current, target, outcome.revision(), verification);
  }

  // ---- which revision this rollback is for (issue 12: a build acts only on its own revision)

  /**
   * The revision rolled back from: the current one, marked failed when asked. A request for the
   * revision a build made ({@link RollbackRequest#fromRevision()}) marks that one, and goes no
   * further when another build's revision is current now: rolling back would undo that build's
   * work, not this one's.
   */
  private static int fromRevision(
      RollbackRequest request, ReleaseRecords records, List<JsonNode> revisions) {
    int current = revisions.get(revisions.size() - 1).path("version").asInt();
    int from = request.fromRevision() == null ? current : request.fromRevision();
    if (request.markCurrentFailed()) {
      records.markFailed(request.release(), request.namespace(), from);
    }
    if (from != current) {
      throw DeployException.failure(
          "not rolled back: revision "
              + current
              + " of "
              + request.release()
              + ", made after revision "
              + from
              + " by another build or by hand, is current now, and a build rolls back only the"
              + " revision it made"
              + (request.markCurrentFailed() ? " (revision " + from + " is recorded failed)" : ""),
          null);
    }
    return current;
  }

  private static int targetRevision(
      RollbackRequest request,
      List<JsonNode> revisions,
      java.util.TreeSet<Integer> good,
      int current) {
    if (request.toRevision() != null) {
      return request.toRevision();
    }
    Integer lastGood = good.lower(current);
    if (lastGood == null) {
      throw DeployException.failure(
          "release "
              + request.release()
              + " has no verified good revision before "
              + current
              + " to roll back to; name one with --to-revision (revisions kept: "
              + revisions.stream().map(r -> r.path("version").asText()).toList()
              + ")",
          null);
    }
    return lastGood;
  }
}
