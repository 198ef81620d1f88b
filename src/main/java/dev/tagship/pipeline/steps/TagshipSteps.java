package dev.tagship.pipeline.steps;

import dev.tagship.pipeline.runtime.PipelineRun;
import dev.tagship.pipeline.runtime.PipelineStep;
import dev.tagship.pipeline.runtime.StepCall;
import dev.tagship.steps.Step;
import dev.tagship.steps.StepContext;
import dev.tagship.steps.StepLog;
import dev.tagship.steps.StepRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * tagship's own steps (tagVersion, pushToAcr, helmUpgradeAks, rollbackOnFailure) as native steps of
 * the engine: same keys, the step's log lines in the run's log, its value back to the Jenkinsfile.
 */
final class TagshipSteps {

  private TagshipSteps() {}

  static List<PipelineStep> all(StepRegistry registry) {
    return registry.names().stream()
        .map(name -> (PipelineStep) new Native(registry, registry.find(name).orElseThrow()))
        .toList();
  }

  private record Native(StepRegistry registry, Step<?> step) implements PipelineStep {

    @Override
    public String name() {
      return step.name();
    }

    @Override
    public Set<String> parameters() {
      return Arrays.stream(step.parameterType().getRecordComponents())
          .map(java.lang.reflect.RecordComponent::getName)
          .collect(Collectors.toSet());
    }

    @Override
    public boolean takesBody() {
      return step.takesBody();
    }

    @Override
    public Object call(StepCall call) throws Exception {
      PipelineRun run = call.run();
      StepLog log =
          new StepLog(
              new PrintStream(new LineSink(call), true, StandardCharsets.UTF_8),
              run.log().masker(),
              false);
      StepContext context =
          new StepContext(
              call.directory(),
              run.env().effective(),
              run.tagshipEnvironment(),
              run.credentials(),
              log,
              run.deployedRevisions());
      return registry.call(
          step.name(),
          call.arguments(),
          context,
          call.body() == null ? null : () -> call.runBody());
    }
  }

  /** Passes each whole line a step prints to the run's log, in the caller's branch. */
  private static final class LineSink extends java.io.OutputStream {
    private final StepCall call;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    LineSink(StepCall call) {
      this.call = call;
    }

    @Override
    public synchronized void write(int b) {
      if (b == '\n') {
        call.print(line.toString(StandardCharsets.UTF_8));
        line.reset();
      } else {
        line.write(b);
      }
    }
  }
}
