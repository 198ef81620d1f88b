package dev.tagship.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the command line reads from the process — environment, working directory, standard streams —
 * passed in so tests run commands in-process with their own.
 */
public record CliContext(
    Map<String, String> env,
    Path workingDirectory,
    InputStream in,
    PrintStream out,
    PrintStream err) {

  public CliContext {
    env = Map.copyOf(env);
  }

  static CliContext fromProcess() {
    return new CliContext(
        System.getenv(), Path.of("").toAbsolutePath(), System.in, System.out, System.err);
  }

  /** {@code path} against the working directory; the working directory itself when null. */
  Path resolve(Path path) {
    return path == null ? workingDirectory : workingDirectory.resolve(path).normalize();
  }
}
