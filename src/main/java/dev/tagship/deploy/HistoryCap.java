package dev.tagship.deploy;

import dev.tagship.core.Event;
import dev.tagship.core.EventListener;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Keeps a release's history to its cap, as Helm's {@code --history-max} does (helm-java's upgrade
 * does not offer it): the oldest release records beyond the newest {@code max} are deleted — except
 * the last revision verified good before the current one, which a rollback would go to.
 */
final class HistoryCap {

  private final KubernetesClient client;
  private final EventListener events;

  HistoryCap(KubernetesClient client, EventListener events) {
    this.client = client;
    this.events = events;
  }

  /** Deletes what lies beyond the cap; returns the revisions deleted, oldest first. */
  List<Integer> enforce(String release, String namespace, int max) {
    if (max <= 0) {
      return List.of();
    }
    ReleaseRecords records = new ReleaseRecords(client);
    List<Integer> revisions =
        records.revisions(release, namespace).stream()
            .map(record -> record.path("version").asInt())
            .toList();
    if (revisions.size() <= max) {
      return List.of();
    }
    int current = revisions.get(revisions.size() - 1);
    Integer rollbackTarget = records.good(release, namespace).lower(current);
    Set<Integer> newest =
        new TreeSet<>(revisions.subList(revisions.size() - max, revisions.size()));
    Set<Integer> keep = new TreeSet<>(newest);
    if (rollbackTarget != null) {
      keep.add(rollbackTarget);
    }
    List<Integer> pruned = new ArrayList<>();
    for (int revision : revisions) {
      if (!keep.contains(revision)) {
        client
            .secrets()
            .inNamespace(namespace)
            .withName(ReleaseRecords.secretName(release, revision))
            .delete();
        pruned.add(revision);
      }
    }
    records.forget(release, namespace, pruned);
    events.on(
        Event.info(
            "History of "
                + release
                + " capped at "
                + max
                + (rollbackTarget != null && !newest.contains(rollbackTarget)
                    ? " plus the last good revision " + rollbackTarget
                    : "")
                + ": removed revision(s) "
                + pruned));
    return pruned;
  }
}
