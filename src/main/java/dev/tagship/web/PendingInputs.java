package dev.tagship.web;

import dev.tagship.pipeline.runtime.InputHandler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The {@code input} steps of dashboard runs that wait for an answer. Each run goes on in a process
 * of its own, which tells of its waiting inputs; an answer given here is passed to that process.
 */
final class PendingInputs {

  private final Map<Long, RunInputs> byRun = new ConcurrentHashMap<>();

  void attach(long runId, RunInputs inputs) {
    byRun.put(runId, inputs);
  }

  void detach(long runId) {
    byRun.remove(runId);
  }

  void asked(long runId, InputHandler.Request request) {
    RunInputs inputs = byRun.get(runId);
    if (inputs != null) {
      inputs.asked(request);
    }
  }

  void closed(long runId, String inputId) {
    RunInputs inputs = byRun.get(runId);
    if (inputs != null) {
      inputs.closed(inputId);
    }
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

  /** One run's waiting inputs, and where their answers go. */
  static final class RunInputs {

    private final Map<String, InputHandler.Request> waiting = new LinkedHashMap<>();
    private final BiConsumer<String, InputHandler.Answer> deliver;

    RunInputs(BiConsumer<String, InputHandler.Answer> deliver) {
      this.deliver = deliver;
    }

    synchronized void asked(InputHandler.Request request) {
      waiting.put(request.id(), request);
    }

    synchronized void closed(String id) {
      waiting.remove(id);
    }

    synchronized List<InputHandler.Request> waiting() {
      return new ArrayList<>(waiting.values());
    }

    synchronized InputHandler.Request request(String id) {
      return waiting.get(id);
    }

    /** Passes the answer on once: a second answer to the same input finds it gone. */
    void answer(String id, InputHandler.Answer answer) {
      synchronized (this) {
        if (waiting.remove(id) == null) {
          return;
        }
      }
      deliver.accept(id, answer);
    }
  }
}
