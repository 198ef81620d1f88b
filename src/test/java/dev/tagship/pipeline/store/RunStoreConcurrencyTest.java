package dev.tagship.pipeline.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many writers on one store at once, each with its own connection as separate processes have:
 * SQLite's locks are per connection, so this is the contention of fifty {@code tagship run}s.
 */
class RunStoreConcurrencyTest {

  private static final int WRITERS = 50;
  private static final int LINES = 40;

  @TempDir Path root;

  @Test
  void fiftyWritersOpeningANewStoreAtOnceAreAllRecordedWhole() throws Exception {
    Path file = root.resolve("new").resolve("runs.db");
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    List<Future<Integer>> numbers = new ArrayList<>();
    for (int writer = 0; writer < WRITERS; writer++) {
      int me = writer;
      numbers.add(
          pool.submit(
              () -> {
                start.await();
                try (RunStore store = RunStore.open(file);
                    RunRecorder run = store.begin("shop", "2026-12-07T10:00:00Z", "c" + me)) {
                  run.stageStarted("1", null, "Build", false, java.time.Instant.now());
                  for (int line = 0; line < LINES; line++) {
                    run.line("writer " + me + " line " + line, "1");
                    if (line % 10 == 0) {
                      run.flush();
                    }
                  }
                  run.stageFinished("1", "SUCCESS", java.time.Instant.now());
                  run.finish("SUCCESS", Duration.ofMillis(5), null);
                  return run.number();
                }
              }));
    }
    start.countDown();
    List<Integer> got = new ArrayList<>();
    for (Future<Integer> number : numbers) {
      got.add(number.get());
    }
    pool.shutdown();

    assertThat(got)
        .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, WRITERS).boxed().toList());
    try (RunStore store = RunStore.open(file)) {
      List<RunSummary> runs = store.list("shop", 100);
      assertThat(runs).hasSize(WRITERS).allMatch(run -> "SUCCESS".equals(run.result()));
      for (RunSummary run : runs) {
        assertThat(store.log(run.id(), 0)).hasSize(LINES);
        assertThat(store.stages(run.id()))
            .extracting(StageRecord::status)
            .containsExactly("SUCCESS");
      }
    }
  }
}
