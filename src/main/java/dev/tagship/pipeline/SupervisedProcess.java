package dev.tagship.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tagship.core.DaemonThreads;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A {@code tagship run --supervised} process, as the dashboard and {@code tagship run} given
 * secrets start one: the same tagship, started with an environment that holds nothing secret (the
 * run's own goes over its {@link SupervisorChannel}), and read line by line.
 */
public final class SupervisedProcess {

  /** How long a run may take to stop after an abort, or after its supervisor is gone. */
  public static final Duration ABORT_GRACE = Duration.ofSeconds(10);

  private static final Path SETSID = Path.of("/usr/bin/setsid");

  /** The variables a JVM and its locale need, none of them secret. */
  private static final Set<String> PROCESS_VARIABLES =
      Set.of("PATH", "HOME", "USER", "LOGNAME", "LANG", "TZ", "TMPDIR", "JAVA_TOOL_OPTIONS");

  private SupervisedProcess() {}

  /**
   * Starts this tagship with {@code arguments} ({@code run --supervised ...}).
   *
   * @param jvmOptions options for the new JVM, before its class path
   * @param ownSession whether it gets a session of its own, so that a terminal's Ctrl-C reaches
   *     only the supervisor, which then aborts the run through the channel
   * @param environment the run's environment: the process gets only what the JVM needs of it
   */
  public static Process start(
      List<String> jvmOptions,
      boolean ownSession,
      List<String> arguments,
      Path directory,
      Map<String, String> environment)
      throws IOException {
    List<String> command = new ArrayList<>();
    if (ownSession && Files.isExecutable(SETSID)) {
      command.add(SETSID.toString());
    }
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.tagship.cli.Main"));
    command.addAll(arguments);
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
    builder.environment().clear();
    builder.environment().putAll(processEnvironment(environment));
    return builder.start();
  }

  /**
   * What the process itself starts with, out of {@code environment}: enough for the JVM and nothing
   * secret, so no step can read a secret from the process's {@code /proc} entry and no pipeline
   * code from {@code System.getenv}.
   */
  static Map<String, String> processEnvironment(Map<String, String> environment) {
    Map<String, String> kept = new LinkedHashMap<>();
    environment.forEach(
        (name, value) -> {
          if (PROCESS_VARIABLES.contains(name) || name.startsWith("LC_")) {
            kept.put(name, value);
          }
        });
    return kept;
  }

  /**
   * Reads the process's standard output to its end: the channel's messages go to {@code messages},
   * any other line (the JVM's own last words: out of memory, a crash) to {@code other}.
   */
  public static void follow(Process process, Consumer<JsonNode> messages, Consumer<String> other) {
    eachLine(
        process.getInputStream(),
        line -> {
          JsonNode message = SupervisorChannel.read(line);
          if (message != null) {
            messages.accept(message);
          } else {
            other.accept(line);
          }
        });
  }

  /** Passes the process's standard error to {@code lines} on a thread of its own, started. */
  public static Thread copyErrors(Process process, String threadName, Consumer<String> lines) {
    Thread thread =
        DaemonThreads.named(threadName).newThread(() -> eachLine(process.getErrorStream(), lines));
    thread.start();
    return thread;
  }

  /** Why a run whose process ended with {@code exit} before recording its end failed. */
  public static String endedEarly(int exit) {
    return "the run's process ended (exit code "
        + exit
        + ") before the run did: System.exit in the pipeline, out of memory, or a crash";
  }

  private static void eachLine(InputStream stream, Consumer<String> lines) {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        lines.accept(line);
      }
    } catch (IOException e) {
      // the process is gone; its exit says the rest
    }
  }
}
