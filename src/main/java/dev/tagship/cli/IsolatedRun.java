package dev.tagship.cli;

import dev.tagship.core.DaemonThreads;
import dev.tagship.pipeline.SupervisedProcess;
import dev.tagship.pipeline.SupervisorChannel;
import dev.tagship.pipeline.runtime.InputHandler;
import dev.tagship.pipeline.runtime.RunEnvironment;
import dev.tagship.pipeline.store.RunStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code tagship run} when tagship was given secrets (its sign-in variables, a credentials file,
 * which reads variables of its own): the pipeline runs in a {@code tagship run --supervised}
 * process of its own, as the dashboard's runs do, handed the environment over its standard input.
 * Pipeline code is trusted, but runs with the rights of the process it is in: here that process
 * holds no secret in its own environment, so neither {@code System.getenv}, nor a process the code
 * starts, nor a step reading its parent's {@code /proc/PID/environ} finds one. The console log
 * comes back over the process's standard error, inputs are asked at this terminal, and Ctrl-C
 * aborts the run as Jenkins' abort does.
 */
final class IsolatedRun {

  private IsolatedRun() {}

  /** True when {@code environment} holds what a run must not find in its own process. */
  static boolean wanted(Map<String, String> environment) {
    return RunEnvironment.TAGSHIP_SECRETS.stream().anyMatch(environment::containsKey);
  }

  /**
   * @param arguments the child's {@code tagship} arguments, {@code run --supervised ...}
   * @return the child's exit code, which follows the run's result
   */
  static int run(
      CliContext context, List<String> arguments, Map<String, String> parameters, Path store)
      throws IOException, InterruptedException {
    // A session of its own: the terminal's Ctrl-C reaches this process, which aborts the run
    // through the channel so that its post conditions run and its end is recorded.
    Process process =
        SupervisedProcess.start(
            List.of(), true, arguments, context.workingDirectory(), context.env());
    SupervisorChannel channel =
        new SupervisorChannel(
            new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8));
    channel.run(parameters, List.of(), context.env(), true);
    Thread console =
        SupervisedProcess.copyErrors(process, "tagship-run-console", context.out()::println);
    Thread abortOnExit =
        new Thread(
            () -> {
              if (process.isAlive()) {
                channel.abort(context.env().getOrDefault("USER", "tagship") + " (interrupted)");
                try {
                  if (!process.waitFor(
                      SupervisedProcess.ABORT_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                  }
                } catch (InterruptedException e) {
                  process.destroyForcibly();
                }
              }
            },
            "tagship-run-abort");
    Runtime.getRuntime().addShutdownHook(abortOnExit);
    long runId = follow(process, channel, context);
    int exit = process.waitFor();
    console.join();
    try {
      Runtime.getRuntime().removeShutdownHook(abortOnExit);
    } catch (IllegalStateException exiting) {
      // the hook is running: it aborts the run
    }
    if (runId >= 0 && recordEndIfMissing(store, runId, exit)) {
      return Main.FAILURE;
    }
    return exit;
  }

  /** Reads the run's messages until it ends; answers its inputs here. Returns its id, or -1. */
  private static long follow(Process process, SupervisorChannel channel, CliContext context) {
    ConsoleInput console =
        new ConsoleInput(
            new BufferedReader(new InputStreamReader(context.in(), StandardCharsets.UTF_8)),
            context.err(),
            context.env().getOrDefault("USER", "tagship"));
    long[] runId = {-1};
    SupervisedProcess.follow(
        process,
        message -> {
          switch (message.path("type").asText()) {
            case SupervisorChannel.STARTED -> runId[0] = message.path("runId").asLong();
            case SupervisorChannel.INPUT -> {
              InputHandler.Request request = SupervisorChannel.request(message);
              DaemonThreads.named("tagship-run-input")
                  .newThread(() -> channel.answer(request.id(), console.ask(request)))
                  .start();
            }
            default -> {
              // nothing to do here for the other messages
            }
          }
        },
        context.err()::println);
    return runId[0];
  }

  /** A run whose process ended without recording its end (System.exit, a crash) is FAILURE. */
  private static boolean recordEndIfMissing(Path store, long runId, int exit) {
    try (RunStore runs = RunStore.open(store)) {
      return runs.endUnfinished(runId, "FAILURE", SupervisedProcess.endedEarly(exit));
    }
  }
}
