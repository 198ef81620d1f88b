package dev.tagship.pipeline.runtime;

import dev.tagship.pipeline.model.PipelineDefinition;
import dev.tagship.steps.Credentials;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads a compiled Jenkinsfile's declarative model without running it. The script's top level runs
 * (it may define variables the {@code pipeline} block uses), but with no steps: a step called
 * outside the {@code pipeline} block fails the description instead of doing anything.
 */
public final class DeclarativeModel {

  private DeclarativeModel() {}

  /**
   * @param scriptText the Jenkinsfile with its {@code @Library} annotations already loaded into
   *     {@code libraries} and removed
   * @throws AbortException when the script has no {@code pipeline} block
   */
  public static PipelineDefinition read(
      String scriptText,
      Libraries libraries,
      Map<String, String> environment,
      Path workspace,
      Clock clock)
      throws ReflectiveOperationException {
    AtomicReference<PipelineDefinition> read = new AtomicReference<>();
    try (PipelineRun describing =
        new PipelineRun(
            new RunLog(
                new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8),
                (line, stage) -> {},
                clock),
            environment,
            Map.of(),
            ChangeSet.empty(),
            CurrentBuild.start(0, "describe", clock, null),
            Credentials.none(),
            InputHandler.unattended(),
            Map.of(),
            libraries,
            RunListener.NONE,
            clock,
            workspace,
            new RunStorage(workspace, workspace),
            ConcurrencyGuard.NONE,
            "describe")) {
      PipelineScript script = describing.load(scriptText);
      script.describeInto(read::set);
      script.run();
    }
    if (read.get() == null) {
      throw new AbortException(
          "the Jenkinsfile has no pipeline { } block: only declarative pipelines can be described");
    }
    return read.get();
  }
}
