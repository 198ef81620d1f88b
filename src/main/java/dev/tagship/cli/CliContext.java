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
    PrintStream err,
    boolean terminal) {

  public CliContext {
    env = Map.copyOf(env);
  }

  /** A context whose error stream is not a terminal (tests, CI). */
  public CliContext(
      Map<String, String> env,
      Path workingDirectory,
      InputStream in,
      PrintStream out,
      PrintStream err) {
    this(env, workingDirectory, in, out, err, false);
  }

  /** The log commands write to: standard error, progress drawn in place on a terminal. */
  dev.tagship.steps.StepLog log(dev.tagship.core.SecretMasker masker) {
    return new dev.tagship.steps.StepLog(err, masker, false, terminal);
  }

  static CliContext fromProcess() {
    return new CliContext(
        System.getenv(),
        Path.of("").toAbsolutePath(),
        System.in,
        System.out,
        System.err,
        System.console() != null);
  }

  /** {@code path} against the working directory; the working directory itself when null. */
  Path resolve(Path path) {
    return path == null ? workingDirectory : workingDirectory.resolve(path).normalize();
  }
}
