package dev.tagship.pipeline;

import dev.tagship.pipeline.runtime.ChangeSet;
import dev.tagship.pipeline.runtime.CurrentBuild;
import dev.tagship.pipeline.runtime.InputHandler;
import dev.tagship.pipeline.runtime.RunListener;
import dev.tagship.steps.Credentials;
import dev.tagship.steps.StepRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs Jenkinsfile text in a workspace folder and keeps the log, for tests. */
final class PipelineHarness {

  private final Path workspace;
  private final Map<String, String> parameters = new LinkedHashMap<>();
  private final Map<String, Path> libraries = new LinkedHashMap<>();
  private final Map<String, String> environment = new HashMap<>();
  private Credentials credentials = Credentials.none();
  private InputHandler input = InputHandler.unattended();
  private CurrentBuild.PreviousBuild previous;
  private ChangeSet changes = ChangeSet.empty();
  private RunListener listener = RunListener.NONE;
  private JenkinsGrammar grammar;
  private dev.tagship.pipeline.runtime.ConcurrencyGuard concurrency;

  /** The outcome of a run: its result and its whole log. */
  record Outcome(RunResult result, String log) {
    List<String> lines() {
      return log.lines().toList();
    }
  }

  PipelineHarness(Path workspace) {
    this.workspace = workspace;
    environment.put("PATH", System.getenv("PATH"));
    environment.put("BRANCH_NAME", "main");
  }

  PipelineHarness parameter(String name, String value) {
    parameters.put(name, value);
    return this;
  }

  PipelineHarness library(String name, Path folder) {
    libraries.put(name, folder);
    return this;
  }

  PipelineHarness env(String name, String value) {
    environment.put(name, value);
    return this;
  }

  PipelineHarness credentials(Credentials value) {
    credentials = value;
    return this;
  }

  PipelineHarness input(InputHandler value) {
    input = value;
    return this;
  }

  PipelineHarness previous(String result) {
    previous = new CurrentBuild.PreviousBuild(1, result);
    return this;
  }

  PipelineHarness changes(ChangeSet value) {
    changes = value;
    return this;
  }

  PipelineHarness concurrency(dev.tagship.pipeline.runtime.ConcurrencyGuard value) {
    concurrency = value;
    return this;
  }

  PipelineHarness grammar(JenkinsGrammar value) {
    grammar = value;
    return this;
  }

  PipelineHarness listener(RunListener value) {
    listener = value;
    return this;
  }

  Outcome run(String jenkinsfile) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    RunResult result =
        new PipelineRunner()
            .run(
                new RunRequest(
                    "test",
                    previous == null ? 1 : 2,
                    workspace.resolve("Jenkinsfile"),
                    jenkinsfile,
                    workspace,
                    parameters,
                    libraries,
                    credentials,
                    environment,
                    input,
                    out,
                    listener,
                    previous,
                    changes,
                    StepRegistry.tagship(),
                    grammar,
                    null,
                    concurrency,
                    Clock.systemUTC(),
                    Map.of()));
    return new Outcome(result, bytes.toString(StandardCharsets.UTF_8));
  }
}
