package dev.tagship.pipeline.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store counts runs by pipeline and result itself, however long the history is. */
class RunStoreTotalsTest {

  @TempDir Path root;

  @Test
  void countsFinishedAndRunningRunsByPipelineAndResultWithTheirDurations() {
    try (RunStore store = RunStore.open(root.resolve("runs.db"))) {
      finished(store, "shop", "SUCCESS", 1_000);
      finished(store, "shop", "SUCCESS", 3_000);
      finished(store, "shop", "FAILURE", 500);
      finished(store, "cart", "SUCCESS", 2_000);
      RunRecorder running = store.begin("cart", "2026-12-05T06:00:00Z", null);

      assertThat(store.totals())
          .containsExactly(
              new RunTotals("cart", null, 1, 0),
              new RunTotals("cart", "SUCCESS", 1, 2_000),
              new RunTotals("shop", "FAILURE", 1, 500),
              new RunTotals("shop", "SUCCESS", 2, 4_000));
      running.close();
    }
  }

  private static void finished(RunStore store, String pipeline, String result, long millis) {
    try (RunRecorder run = store.begin(pipeline, "2026-12-05T06:00:00Z", null)) {
      run.finish(result, Duration.ofMillis(millis), null);
    }
  }
}
