package dev.tagship.steps;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The Helm revisions the steps of one run made, in order: {@code rollbackOnFailure} judges, marks
 * and rolls back only a revision its own block made, never one another build made meanwhile (issue
 * 12). One per run, shared by every step call of that run.
 */
public final class DeployedRevisions {

  private record Made(String release, String namespace, int revision) {}

  private final List<Made> made = new ArrayList<>();

  /** Where the list stands now, to ask later what was made after it. */
  public synchronized int mark() {
    return made.size();
  }

  /** Records that a step of this run made {@code revision} of {@code release}. */
  public synchronized void add(String release, String namespace, int revision) {
    made.add(new Made(release, namespace, revision));
  }

  /** The last revision of {@code release} this run made after {@code mark}, if any. */
  public synchronized OptionalInt lastSince(int mark, String release, String namespace) {
    for (int i = made.size() - 1; i >= mark; i--) {
      Made one = made.get(i);
      if (one.release().equals(release) && one.namespace().equals(namespace)) {
        return OptionalInt.of(one.revision());
      }
    }
    return OptionalInt.empty();
  }
}
