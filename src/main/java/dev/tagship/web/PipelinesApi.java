package dev.tagship.web;

import dev.tagship.pipeline.PipelineDescription;
import dev.tagship.pipeline.store.RunStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/pipelines}: the pipelines tagship serve knows, their parameters, and starting one.
 */
final class PipelinesApi {

  private final PipelineCatalog catalog;
  private final DashboardRuns runs;
  private final RunStore store;

  PipelinesApi(PipelineCatalog catalog, DashboardRuns runs, RunStore store) {
    this.catalog = catalog;
    this.runs = runs;
    this.store = store;
  }

  void routes(Router router) {
    router.add("GET", "/api/pipelines", Router.Guard.READ, this::list);
    router.add("GET", "/api/pipelines/{name}", Router.Guard.READ, this::show);
    router.add("POST", "/api/pipelines/{name}/runs", Router.Guard.WRITE, this::start);
  }

  private void list(Exchange exchange) throws Exception {
    List<Map<String, Object>> pipelines =
        catalog.names().stream()
            .map(
                name -> {
                  Map<String, Object> json = new LinkedHashMap<>();
                  json.put("name", name);
                  json.put(
                      "lastRun",
                      store.list(name, 1).stream().findFirst().map(RunJson::listed).orElse(null));
                  return json;
                })
            .toList();
    exchange.json(200, pipelines);
  }

  private void show(Exchange exchange) throws Exception {
    String name = exchange.pathParameter("name");
    PipelineDescription description = catalog.describe(name);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", name);
    json.put("parameters", RunJson.parameters(description.parameters()));
    json.put("stages", description.stages());
    exchange.json(200, json);
  }

  /** Body: a JSON object of parameter values; answers 201 {@code {"id": ...}}. */
  private void start(Exchange exchange) throws Exception {
    String name = exchange.pathParameter("name");
    Map<String, String> values = Values.strings(exchange.jsonBody());
    long id = runs.start(name, values);
    exchange.header("Location", "/api/runs/" + id);
    exchange.json(201, Map.of("id", id));
  }
}
