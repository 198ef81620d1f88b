package dev.tagship.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tagship.pipeline.runtime.InputHandler;
import dev.tagship.pipeline.runtime.ParameterValues;
import dev.tagship.pipeline.store.LogLine;
import dev.tagship.pipeline.store.RunStore;
import dev.tagship.pipeline.store.RunSummary;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /api/runs}: the run history, one run with its stages and log, and answering inputs. */
final class RunsApi {

  private static final int MAX_LOG_LINES = 5000;

  private final RunStore store;
  private final PendingInputs inputs;
  private final DashboardRuns runs;

  RunsApi(RunStore store, PendingInputs inputs, DashboardRuns runs) {
    this.store = store;
    this.inputs = inputs;
    this.runs = runs;
  }

  void routes(Router router) {
    router.add("GET", "/api/runs", Router.Guard.READ, this::list);
    router.add("GET", "/api/runs/{id}", Router.Guard.READ, this::show);
    router.add("POST", "/api/runs/{id}/input/{inputId}", Router.Guard.WRITE, this::answer);
    router.add("POST", "/api/runs/{id}/abort", Router.Guard.WRITE, this::abort);
  }

  private void list(Exchange exchange) throws Exception {
    int limit = Numbers.parse(exchange.query("limit"), "limit", 50, 1, 1000);
    exchange.json(
        200, store.list(exchange.query("pipeline"), limit).stream().map(RunJson::listed).toList());
  }

  /** The run, with its log from line {@code from} (0-based) so a page can follow it. */
  private void show(Exchange exchange) throws Exception {
    long id = runId(exchange);
    RunSummary run = store.run(id).orElseThrow(() -> HttpProblem.notFound("no run with id " + id));
    int from = Numbers.parse(exchange.query("from"), "from", 0, 0, Integer.MAX_VALUE);
    List<LogLine> lines = store.log(id, from);
    if (lines.size() > MAX_LOG_LINES) {
      lines = lines.subList(0, MAX_LOG_LINES);
    }
    Map<String, Object> json = RunJson.summary(run);
    json.put("stages", store.stages(id).stream().map(RunJson::stage).toList());
    json.put("inputs", inputs.waiting(id).stream().map(RunJson::input).toList());
    Map<String, Object> log = new LinkedHashMap<>();
    log.put("from", from);
    log.put("lines", lines.stream().map(LogLine::text).toList());
    // which stage wrote each line, so a page can show one stage's log as Jenkins' views do
    log.put("stageIds", lines.stream().map(LogLine::stageId).toList());
    log.put("next", from + lines.size());
    json.put("log", log);
    exchange.json(200, json);
  }

  /** Body: {@code {"proceed": true|false, "values": {"NAME": value}}}. */
  private void answer(Exchange exchange) throws Exception {
    long id = runId(exchange);
    String inputId = exchange.pathParameter("inputId");
    InputHandler.Request request = inputs.request(id, inputId);
    JsonNode body = exchange.jsonBody();
    if (!body.path("proceed").isBoolean()) {
      throw HttpProblem.badRequest(
          "say \"proceed\": true to go on (" + request.ok() + ") or false to abort");
    }
    boolean proceed = body.get("proceed").asBoolean();
    if (request.submitter() != null && !request.submitter().isBlank()) {
      boolean allowed =
          Arrays.stream(request.submitter().split(","))
              .map(String::trim)
              .anyMatch(exchange.who()::equals);
      if (!allowed) {
        throw new HttpProblem(
            403,
            "only " + request.submitter() + " may answer this input; you are " + exchange.who(),
            Map.of());
      }
    }
    Map<String, Object> values =
        proceed
            ? ParameterValues.bind(request.parameters(), Values.strings(body.path("values")))
            : Map.of();
    inputs.answer(id, inputId, new InputHandler.Answer(proceed, values, exchange.who()));
    exchange.json(200, Map.of("id", id, "input", inputId, "proceed", proceed));
  }

  /** Jenkins' abort: the run is interrupted, and killed when it does not stop in time. */
  private void abort(Exchange exchange) throws Exception {
    long id = runId(exchange);
    RunSummary run = store.run(id).orElseThrow(() -> HttpProblem.notFound("no run with id " + id));
    if (run.result() != null) {
      throw new HttpProblem(409, "run " + id + " has ended already: " + run.result(), Map.of());
    }
    if (!runs.abort(id, exchange.who())) {
      throw new HttpProblem(
          409,
          "run " + id + " was not started by this dashboard: stop its tagship run process instead",
          Map.of());
    }
    exchange.json(202, Map.of("id", id, "aborting", true, "by", exchange.who()));
  }

  private static long runId(Exchange exchange) {
    return Numbers.parse(exchange.pathParameter("id"), "run id", -1, 1, Long.MAX_VALUE);
  }
}
