package dev.tagship.pipeline.store;

import dev.tagship.core.LocalProcesses;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
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
        LocalHost.NAME, handle.pid(), handle.info().startInstant().orElse(Instant.EPOCH));
  }

  public boolean onThisHost() {
    return host.equals(LocalHost.NAME);
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

  /** Read once: resolving the host name through the resolver can be slow on a misconfigured box. */
  private static final class LocalHost {
    static final String NAME = read();

    private static String read() {
      try {
        String kernel = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        if (!kernel.isEmpty()) {
          return kernel;
        }
      } catch (IOException | RuntimeException notLinux) {
        // other systems answer through the resolver below
      }
      try {
        return InetAddress.getLocalHost().getHostName();
      } catch (IOException e) {
        return "localhost";
      }
    }
  }
}
