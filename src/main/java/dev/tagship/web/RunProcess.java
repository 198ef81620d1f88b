package dev.tagship.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tagship.pipeline.SupervisorChannel;
import dev.tagship.pipeline.store.RunStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
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

  /** How long a run may take to stop after an abort before its process is killed. */
  static final long ABORT_GRACE_SECONDS = 10;

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
    daemon("tagship-serve-run-errors-" + process.pid(), run::readErrors);
    daemon("tagship-serve-run-" + process.pid(), run::readMessages);
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
        ABORT_GRACE_SECONDS,
        TimeUnit.SECONDS);
  }

  private void readMessages() {
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        JsonNode message = SupervisorChannel.read(line);
        if (message != null) {
          handle(message);
        } else {
          // the JVM's own last words (out of memory, a crash) come this way
          keep(line);
        }
      }
    } catch (IOException e) {
      // the process is gone; its exit says the rest
    }
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

  private void readErrors() {
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        keep(line);
      }
    } catch (IOException e) {
      // the process is gone
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
                  + ABORT_GRACE_SECONDS
                  + " s of the abort by "
                  + abortedBy
                  + ": its process was killed"
              : "the run's process ended (exit code "
                  + exit
                  + ") before the run did: System.exit in the pipeline, out of memory, or a crash"
                  + errors();
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

  private static void daemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
  }
}
