package dev.tagship.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Whether a process of this machine that tagship recorded is still the one it recorded. */
public final class LocalProcesses {

  /** Start times read twice may differ by the clock tick the kernel counts them in. */
  private static final Duration START_TOLERANCE = Duration.ofSeconds(1);

  private LocalProcesses() {}

  /**
   * True when process {@code pid}, started at {@code startedAt}, no longer runs: its id is free, or
   * now belongs to a process started at another time (ids are reused).
   */
  public static boolean isGone(long pid, Instant startedAt) {
    Optional<Instant> start =
        ProcessHandle.of(pid).filter(ProcessHandle::isAlive).flatMap(h -> h.info().startInstant());
    return start.isEmpty()
        || Duration.between(start.get(), startedAt).abs().compareTo(START_TOLERANCE) > 0;
  }
}
