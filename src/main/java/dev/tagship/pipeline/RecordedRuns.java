package dev.tagship.pipeline;

import dev.tagship.pipeline.runtime.CurrentBuild;
import dev.tagship.pipeline.store.RunRecorder;
import dev.tagship.pipeline.store.RunStore;
import dev.tagship.pipeline.store.RunSummary;
import java.io.IOException;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * Runs pipelines as numbered, recorded builds: the store gives each run its number, the previous
 * run's result (for {@code changed}, {@code fixed}, {@code regression}) and commit (the change set
 * since then), and keeps the run's log, stages and outcome as it happens.
 */
public final class RecordedRuns {

  private final RunStore store;

  public RecordedRuns(RunStore store) {
    this.store = store;
  }

  /**
   * Runs {@code request} as the next build of its pipeline.
   *
   * @param started told the run's id as soon as it is recorded, before it runs
   */
  public RunResult run(RunRequest request, LongConsumer started) throws IOException {
    String commit = request.environment().get("GIT_COMMIT");
    try (RunRecorder recorder =
        store.begin(request.pipelineName(), request.clock().instant().toString(), commit)) {
      started.accept(recorder.id());
      Optional<RunSummary> previous = store.previous(request.pipelineName(), recorder.id());
      CurrentBuild.PreviousBuild before =
          previous
              .map(run -> new CurrentBuild.PreviousBuild(run.number(), run.result()))
              .orElse(null);
      var changes =
          previous.map(RunSummary::commit).filter(c -> c != null && !c.equals(commit)).isPresent()
              ? WorkspaceFacts.read(request.workspace(), previous.get().commit()).changes()
              : request.changes();
      RunResult result = null;
      try {
        result =
            new PipelineRunner()
                .run(request.recorded(recorder.number(), before, changes, recorder));
        return result;
      } finally {
        recorder.finish(
            result == null ? "FAILURE" : result.result().name(),
            result == null ? java.time.Duration.ZERO : result.duration(),
            result == null ? "the run could not start" : result.error());
      }
    }
  }
}
