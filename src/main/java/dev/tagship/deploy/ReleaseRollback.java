package dev.tagship.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import com.marcnuri.helm.UpgradeCommand;
import dev.tagship.core.Event;
import dev.tagship.core.EventListener;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.List;

/**
 * Rolls a release back the way {@code helm rollback} does — a new revision made from the chart and
 * values stored in revision K's record — to the last revision tagship recorded good (not blindly
 * N-1), and verifies that rollout with its own timeout.
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
    int current = revisions.get(revisions.size() - 1).path("version").asInt();
    if (request.markCurrentFailed()) {
      records.markFailed(request.release(), request.namespace(), current);
    }
    int target =
        targetRevision(
            request, revisions, records.good(request.release(), request.namespace()), current);
    JsonNode record =
        revisions.stream()
            .filter(r -> r.path("version").asInt() == target)
            .findFirst()
            .orElseThrow(
                () ->
                    DeployException.usage(
                        "release "
                            + request.release()
                            + " has no revision "
                            + target
                            + "; Helm keeps only the last revisions (see tagship history)"));
    events.on(
        Event.info(
            "Rolling " + request.release() + " back from revision " + current + " to " + target));
    Path temp = TemporaryFolders.create();
    try {
      Path chart = ChartFromRecord.write(record, temp);
      UpgradeCommand upgrade =
          Helm.upgrade(chart.toString())
              .withName(request.release())
              .withNamespace(request.namespace())
              .resetValues()
              .withValuesFile(temp.resolve("values.json"))
              .withDescription(
                  "Rollback to "
                      + target
                      + (request.reason() == null ? "" : ": " + request.reason()));
      Release release;
      try (TemporaryKubeconfig kubeconfig = TemporaryKubeconfig.write(request.cluster())) {
        release = upgrade.withKubeConfig(kubeconfig.path()).call();
      } catch (RuntimeException e) {
        throw DeployException.failure(
            "helm could not roll " + request.release() + " back: " + e.getMessage(), e);
      }
      int newRevision = Integer.parseInt(release.getRevision());
      Verification verification =
          new RolloutVerifier(client, events)
              .verify(request.release(), request.namespace(), newRevision, request.timeout());
      if (verification.succeeded()) {
        records.markVerified(request.release(), request.namespace(), newRevision);
      }
      return new RollbackResult(
          request.release(), request.namespace(), current, target, newRevision, verification);
    } finally {
      TemporaryFolders.delete(temp);
    }
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
