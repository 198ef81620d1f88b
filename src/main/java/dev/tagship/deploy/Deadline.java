package dev.tagship.deploy;

import java.time.Duration;

/** The end of a deploy's {@code --timeout}, shared by Helm's hooks and tagship's verification. */
record Deadline(long startedNanos, Duration timeout) {

  /** What is left of the timeout; at least one second, so the last check still gets to look. */
  Duration remaining() {
    Duration left = timeout.minusNanos(System.nanoTime() - startedNanos);
    return left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left;
  }
}
