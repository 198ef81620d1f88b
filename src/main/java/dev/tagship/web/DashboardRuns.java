package dev.tagship.web;

import dev.tagship.core.DaemonThreads;
import dev.tagship.pipeline.JenkinsGrammar;
import dev.tagship.pipeline.PipelineDescription;
import dev.tagship.pipeline.RecordedRuns;
import dev.tagship.pipeline.RunRequest;
import dev.tagship.pipeline.WorkspaceFacts;
import dev.tagship.pipeline.runtime.ConcurrencyGuard;
import dev.tagship.pipeline.runtime.ParameterValues;
import dev.tagship.pipeline.runtime.RunListener;
import dev.tagship.pipeline.store.RunStore;
import dev.tagship.steps.Credentials;
import dev.tagship.steps.StepRegistry;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts pipelines from the dashboard: parameters are checked before anything is recorded (as
 * {@code tagship run -p} checks them), then the run goes on in the background through {@link
 * RecordedRuns}, so the page follows it in the run history like any other run.
 */
final class DashboardRuns implements AutoCloseable {

  private final RunStore store;
  private final PipelineCatalog catalog;
  private final PendingInputs inputs;
  private final Map<String, String> environment;
  private final Credentials credentials;
  private final JenkinsGrammar grammar;
  private final Clock clock;
  private final ExecutorService runner;

  private final ConcurrencyGuard concurrency;

  DashboardRuns(
      RunStore store,
      PipelineCatalog catalog,
      PendingInputs inputs,
      Map<String, String> environment,
      Credentials credentials,
      JenkinsGrammar grammar,
      ConcurrencyGuard concurrency,
      Clock clock) {
    this.concurrency = concurrency;
    this.store = store;
    this.catalog = catalog;
    this.inputs = inputs;
    this.environment = Map.copyOf(environment);
    this.credentials = credentials;
    this.grammar = grammar;
    this.clock = clock;
    this.runner = Executors.newCachedThreadPool(DaemonThreads.named("tagship-serve-run"));
  }

  /**
   * Starts pipeline {@code name} with {@code parameters}.
   *
   * @return the new run's id, once it is recorded
   * @throws ParameterValues.ParameterException when a value does not fit the pipeline's parameters;
   *     nothing is recorded then
   */
  long start(String name, Map<String, String> parameters) throws InterruptedException {
    PipelineDescription description = catalog.describe(name);
    ParameterValues.bind(description.parameters(), parameters);
    Path workspace = catalog.workspace(name);
    PendingInputs.RunInputs runInputs = inputs.newRun();
    RunRequest request =
        new RunRequest(
            name,
            1,
            catalog.jenkinsfile(name),
            catalog.text(name),
            workspace,
            parameters,
            catalog.libraries(),
            credentials,
            environmentFor(workspace),
            runInputs,
            new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8),
            RunListener.NONE,
            null,
            WorkspaceFacts.read(workspace, null).changes(),
            StepRegistry.tagship(),
            grammar,
            null,
            concurrency,
            clock);
    CompletableFuture<Long> recorded = new CompletableFuture<>();
    runner.execute(
        () -> {
          long[] id = {-1};
          try {
            new RecordedRuns(store)
                .run(
                    request,
                    runId -> {
                      id[0] = runId;
                      inputs.attach(runId, runInputs);
                      recorded.complete(runId);
                    });
          } catch (Throwable e) {
            recorded.completeExceptionally(e);
          } finally {
            inputs.detach(id[0]);
          }
        });
    try {
      return recorded.get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "pipeline " + name + " could not start: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("pipeline " + name + " was not recorded within a minute", e);
    }
  }

  private Map<String, String> environmentFor(Path workspace) {
    Map<String, String> variables =
        new LinkedHashMap<>(WorkspaceFacts.read(workspace, null).variables());
    variables.putAll(environment);
    for (String ci : java.util.List.of("GIT_BRANCH", "BITBUCKET_BRANCH")) {
      if (!variables.containsKey("BRANCH_NAME") && variables.get(ci) != null) {
        variables.put("BRANCH_NAME", variables.get(ci).replaceFirst("^origin/", ""));
      }
    }
    return variables;
  }

  @Override
  public void close() {
    runner.shutdownNow();
  }
}
