package dev.tagship.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tagship.core.DaemonThreads;
import dev.tagship.pipeline.SupervisedProcess;
import dev.tagship.pipeline.SupervisorChannel;
import dev.tagship.pipeline.runtime.InputHandler;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * The side of {@code tagship run --supervised} that talks to the {@code tagship serve} that started
 * it (see {@link SupervisorChannel}): takes the parameters, says the run's id, puts waiting inputs
 * to the dashboard and takes their answers, and turns an abort — or the dashboard going away — into
 * an interruption of the pipeline, as Jenkins' abort is.
 */
final class SupervisedRun implements InputHandler {

  private static final int ABORTED_EXIT = 4;

  private final BufferedReader in;
  private final SupervisorChannel channel;
  private final Map<String, CompletableFuture<Answer>> waiting = new ConcurrentHashMap<>();
  private final Map<String, String> parameters;
  private final List<String> masked;
  private final Map<String, String> environment;
  private final boolean console;
  private volatile Thread pipeline;

  private SupervisedRun(
      BufferedReader in,
      SupervisorChannel channel,
      Map<String, String> parameters,
      List<String> masked,
      Map<String, String> environment,
      boolean console) {
    this.console = console;
    this.in = in;
    this.channel = channel;
    this.parameters = parameters;
    this.masked = masked;
    this.environment = environment;
  }

  /** Reads the run's parameters, the first message; refuses a start without them. */
  static SupervisedRun begin(InputStream stdin, PrintStream stdout) throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
    JsonNode first = SupervisorChannel.read(in.readLine());
    if (first == null || !SupervisorChannel.RUN.equals(first.path("type").asText())) {
      throw new UsageException(
          "--supervised is for tagship serve: it expects the run's parameters on standard input");
    }
    return new SupervisedRun(
        in,
        new SupervisorChannel(stdout),
        SupervisorChannel.parameters(first),
        SupervisorChannel.masked(first),
        SupervisorChannel.environment(first),
        SupervisorChannel.console(first));
  }

  Map<String, String> parameters() {
    return parameters;
  }

  /** Whether the console log goes to standard error as well, for a terminal to follow. */
  boolean console() {
    return console;
  }

  /** The run's whole environment, as the dashboard was told to give runs. */
  Map<String, String> environment() {
    return environment;
  }

  /** What the run's log must mask besides its credentials: the dashboard's sign-in tokens. */
  List<String> masked() {
    return masked;
  }

  /** Starts listening to the dashboard; an abort interrupts {@code pipelineThread}. */
  void listen(Thread pipelineThread) {
    this.pipeline = pipelineThread;
    DaemonThreads.named("tagship-supervisor-channel").newThread(this::readMessages).start();
  }

  void started(long runId) {
    channel.started(runId);
  }

  /** The run is over: an abort that comes now has nothing to stop. */
  void finished() {
    pipeline = null;
    Thread.interrupted();
  }

  @Override
  public Answer ask(Request request) throws InterruptedException {
    CompletableFuture<Answer> answer = new CompletableFuture<>();
    waiting.put(request.id(), answer);
    channel.input(request);
    try {
      return answer.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("an input's answer failed", e.getCause());
    } finally {
      waiting.remove(request.id());
      channel.inputClosed(request.id());
    }
  }

  private void readMessages() {
    try {
      String line;
      while ((line = in.readLine()) != null) {
        JsonNode message = SupervisorChannel.read(line);
        if (message == null) {
          continue;
        }
        switch (message.path("type").asText()) {
          case SupervisorChannel.ANSWER -> {
            CompletableFuture<Answer> answer = waiting.get(message.path("id").asText());
            if (answer != null) {
              answer.complete(SupervisorChannel.answer(message));
            }
          }
          case SupervisorChannel.ABORT -> interruptPipeline();
          default -> {
            // a message of a newer dashboard: nothing this run can do with it
          }
        }
      }
    } catch (IOException e) {
      // the dashboard's end is closed: the same as its going away
    }
    // Nobody can follow or answer this run any more; Jenkins aborts a build whose agent is lost.
    interruptPipeline();
    endUnlessStopped();
  }

  /**
   * A run that does not heed the interruption (an endless loop) must not go on as an orphan: its
   * process ends, and whoever opens the store next records the run ABORTED, its owner gone.
   */
  private void endUnlessStopped() {
    try {
      Thread.sleep(SupervisedProcess.ABORT_GRACE.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (pipeline != null) {
      System.err.println(
          "tagship: the dashboard that started this run is gone and the run did not stop within "
              + SupervisedProcess.ABORT_GRACE.toSeconds()
              + " s: ending its process");
      System.exit(ABORTED_EXIT);
    }
  }

  private void interruptPipeline() {
    Thread running = pipeline;
    if (running != null) {
      running.interrupt();
    }
  }
}
