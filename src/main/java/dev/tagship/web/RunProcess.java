package dev.tagship.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tagship.core.DaemonThreads;
import dev.tagship.pipeline.SupervisedProcess;
import dev.tagship.pipeline.SupervisorChannel;
import dev.tagship.pipeline.store.RunStore;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One run the dashboard started, in its own {@code tagship run --supervised} process: follows what
 * the process says (its run id, its waiting inputs), passes answers and aborts to it, and when it
 * ends without recording an end — {@code System.exit} in the pipeline, out of memory, a crash, a
 * kill after an abort it did not heed — records the end itself, so no run stays RUNNING.
 */
final class RunProcess {

  private static final int ERROR_LINES_KEPT = 20;

  private final Process process;
  private final SupervisorChannel channel;
  private final PendingInputs inputs;
  private final RunStore store;
  private final CompletableFuture<Long> started = new CompletableFuture<>();
  private final Deque<String> errorTail = new ArrayDeque<>();
  private final CompletableFuture<Void> ended = new CompletableFuture<>();
  private volatile String abortedBy;
  private volatile boolean killedAfterAbort;

  private RunProcess(Process process, PendingInputs inputs, RunStore store) {
    this.process = process;
    this.channel =
        new SupervisorChannel(
            new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8));
    this.inputs = inputs;
    this.store = store;
  }

  /** Starts following {@code process} and hands it the run's parameters. */
  static RunProcess follow(
      Process process,
      java.util.Map<String, String> parameters,
      java.util.List<String> masked,
      java.util.Map<String, String> environment,
      PendingInputs inputs,
      RunStore store) {
    RunProcess run = new RunProcess(process, inputs, store);
    run.channel.run(parameters, masked, environment);
    SupervisedProcess.copyErrors(process, "tagship-serve-run-errors-" + process.pid(), run::keep);
    DaemonThreads.named("tagship-serve-run-" + process.pid()).newThread(run::readMessages).start();
    return run;
  }

  CompletableFuture<Long> started() {
    return started;
  }

  CompletableFuture<Void> ended() {
    return ended;
  }

  long pid() {
    return process.pid();
  }

  /** Asks the run to stop, as Jenkins' abort does; kills its process when it does not. */
  void abort(String by, ScheduledExecutorService timers) {
    abortedBy = by;
    channel.abort(by);
    timers.schedule(
        () -> {
          if (process.isAlive()) {
            killedAfterAbort = true;
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
          }
        },
        SupervisedProcess.ABORT_GRACE.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private void readMessages() {
    SupervisedProcess.follow(process, this::handle, this::keep);
    recordEnd();
  }

  private void handle(JsonNode message) {
    switch (message.path("type").asText()) {
      case SupervisorChannel.STARTED -> {
        long id = message.path("runId").asLong();
        inputs.attach(id, new PendingInputs.RunInputs(channel::answer));
        started.complete(id);
      }
      case SupervisorChannel.INPUT -> {
        if (started.isDone()) {
          inputs.asked(started.join(), SupervisorChannel.request(message));
        }
      }
      case SupervisorChannel.INPUT_CLOSED -> {
        if (started.isDone()) {
          inputs.closed(started.join(), message.path("id").asText());
        }
      }
      default -> {
        // a message of a newer tagship run: nothing the dashboard shows
      }
    }
  }

  private void recordEnd() {
    int exit;
    try {
      exit = process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      exit = -1;
    }
    if (!started.isDone()) {
      started.completeExceptionally(
          new IllegalStateException("its process ended (exit code " + exit + ")" + errors()));
    } else {
      long id = started.join();
      inputs.detach(id);
      String why =
          killedAfterAbort
              ? "the run did not stop within "
                  + SupervisedProcess.ABORT_GRACE.toSeconds()
                  + " s of the abort by "
                  + abortedBy
                  + ": its process was killed"
              : SupervisedProcess.endedEarly(exit) + errors();
      store.endUnfinished(id, abortedBy != null ? "ABORTED" : "FAILURE", why);
    }
    ended.complete(null);
  }

  private void keep(String line) {
    synchronized (errorTail) {
      errorTail.addLast(line);
      if (errorTail.size() > ERROR_LINES_KEPT) {
        errorTail.removeFirst();
      }
    }
  }

  private String errors() {
    synchronized (errorTail) {
      return errorTail.isEmpty() ? "" : "; it said: " + String.join(" | ", errorTail);
    }
  }
}
