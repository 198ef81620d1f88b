package dev.tagship.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts the {@code tagship} command as a process of its own, from the test class path, as a user
 * or the dashboard would: for what only a real process shows (kill -9, exit codes, temp folders).
 */
public final class TagshipProcess {

  private TagshipProcess() {}

  /**
   * @param temporary the process's temporary folder ({@code java.io.tmpdir}), so a test can see
   *     what it leaves there
   * @param environment the process's whole environment
   */
  public static ProcessBuilder builder(
      Path temporary, Map<String, String> environment, String... arguments) {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-Xshare:auto");
    command.add("-Djava.io.tmpdir=" + temporary);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("dev.tagship.cli.Main");
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().putAll(environment);
    builder.redirectErrorStream(true);
    return builder;
  }

  /** A plain environment: PATH and HOME only, nothing of the test's own. */
  public static Map<String, String> plainEnvironment(Path home) {
    return Map.of("PATH", System.getenv("PATH"), "HOME", home.toString(), "USER", "tester");
  }

  public static Process start(Path temporary, Map<String, String> environment, String... arguments)
      throws IOException {
    return builder(temporary, environment, arguments).start();
  }

  /** {@code tagship run} of {@code workspace}'s Jenkinsfile, recorded in {@code store}. */
  public static Process startRun(
      Path temporary, Map<String, String> environment, Path store, Path workspace)
      throws IOException {
    return start(
        temporary,
        environment,
        "run",
        "--store",
        store.toString(),
        "--workspace",
        workspace.toString());
  }
}
