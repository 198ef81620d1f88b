package dev.tagship.pipeline.store;

import dev.tagship.core.LocalHost;
import dev.tagship.core.LocalProcesses;
import java.time.Instant;

/**
 * The process that records a run: its host, process id and start time. A process id alone is not
 * enough to tell that the owner is gone, since ids are reused; with its start time it is.
 *
 * @param startedAt the owner process's start, to the millisecond, as the operating system gives it
 */
public record RunOwner(String host, long pid, Instant startedAt) {

  private static final RunOwner CURRENT = of(ProcessHandle.current());

  /** This process. */
  public static RunOwner current() {
    return CURRENT;
  }

  /** The process {@code handle}, on this host. */
  public static RunOwner of(ProcessHandle handle) {
    return new RunOwner(
        LocalHost.name(), handle.pid(), handle.info().startInstant().orElse(Instant.EPOCH));
  }

  public boolean onThisHost() {
    return host.equals(LocalHost.name());
  }

  /**
   * True when this owner, on this host, no longer runs: its process id is free or now belongs to a
   * process started at another time. Owners on other hosts cannot be seen from here: false.
   */
  public boolean isGoneFromThisHost() {
    return onThisHost() && LocalProcesses.isGone(pid, startedAt);
  }

  @Override
  public String toString() {
    return "process " + pid + " on " + host + " (started " + startedAt + ")";
  }
}
