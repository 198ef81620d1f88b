package dev.tagship.web;

import dev.tagship.pipeline.runtime.InputHandler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * The {@code input} steps of dashboard runs that wait for an answer: each run gets its own handler,
 * which parks the question until the page or the API answers it.
 */
final class PendingInputs {

  private final Map<Long, RunInputs> byRun = new ConcurrentHashMap<>();

  /** A handler for a run about to start; {@link #attach} it once the run has its id. */
  RunInputs newRun() {
    return new RunInputs();
  }

  void attach(long runId, RunInputs inputs) {
    byRun.put(runId, inputs);
  }

  void detach(long runId) {
    byRun.remove(runId);
  }

  List<InputHandler.Request> waiting(long runId) {
    RunInputs inputs = byRun.get(runId);
    return inputs == null ? List.of() : inputs.waiting();
  }

  InputHandler.Request request(long runId, String inputId) {
    RunInputs inputs = byRun.get(runId);
    InputHandler.Request request = inputs == null ? null : inputs.request(inputId);
    if (request == null) {
      throw HttpProblem.notFound(
          "run "
              + runId
              + " has no input '"
              + inputId
              + "' waiting; waiting now: "
              + waiting(runId).stream().map(InputHandler.Request::id).toList());
    }
    return request;
  }

  void answer(long runId, String inputId, InputHandler.Answer answer) {
    request(runId, inputId);
    byRun.get(runId).answer(inputId, answer);
  }

  /** One run's handler: {@code ask} blocks the pipeline's thread until {@code answer}. */
  static final class RunInputs implements InputHandler {

    private record Waiting(Request request, CompletableFuture<Answer> answer) {}

    private final Map<String, Waiting> waiting = new LinkedHashMap<>();

    @Override
    public Answer ask(Request request) throws InterruptedException {
      Waiting entry = new Waiting(request, new CompletableFuture<>());
      synchronized (waiting) {
        waiting.put(request.id(), entry);
      }
      try {
        return entry.answer().get();
      } catch (ExecutionException e) {
        throw new IllegalStateException("an input's answer failed", e.getCause());
      } finally {
        synchronized (waiting) {
          waiting.remove(request.id(), entry);
        }
      }
    }

    List<Request> waiting() {
      synchronized (waiting) {
        List<Request> requests = new ArrayList<>();
        waiting.values().forEach(entry -> requests.add(entry.request()));
        return requests;
      }
    }

    Request request(String id) {
      synchronized (waiting) {
        Waiting entry = waiting.get(id);
        return entry == null ? null : entry.request();
      }
    }

    void answer(String id, Answer answer) {
      Waiting entry;
      synchronized (waiting) {
        entry = waiting.remove(id);
      }
      if (entry != null) {
        entry.answer().complete(answer);
      }
    }
  }
}
