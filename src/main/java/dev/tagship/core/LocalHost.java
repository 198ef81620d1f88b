package dev.tagship.core;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/** This machine's name, as records of who did something (a run's owner, a release's) give it. */
public final class LocalHost {

  private LocalHost() {}

  /** The host name, read once. */
  public static String name() {
    return Name.VALUE;
  }

  /** Read once: resolving the host name through the resolver can be slow on a misconfigured box. */
  private static final class Name {
    static final String VALUE = read();

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
