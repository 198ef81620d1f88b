package dev.tagship.pipeline.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run whose process is gone is marked ABORTED by whoever opens the store next. */
class RunStoreOwnersTest {

  @TempDir Path root;

  @Test
  void aRunWhoseOwnerWasKilledIsAbortedWithALineSayingSo() throws Exception {
    Path file = root.resolve("runs.db");
    Process owner = new ProcessBuilder("sleep", "60").start();
    long id;
    try (RunStore store = RunStore.open(file)) {
      RunRecorder run =
          store.begin("shop", Instant.now().toString(), null, RunOwner.of(owner.toHandle()));
      id = run.id();
      run.stageStarted("1", null, "Deploy", false, Instant.now());
      run.line("deploying", "1");
      run.flush();
      run.close();
    }
    owner.destroyForcibly();
    owner.waitFor(10, TimeUnit.SECONDS);

    try (RunStore store = RunStore.open(file)) {
      RunSummary run = store.run(id).orElseThrow();
      assertThat(run.result()).isEqualTo("ABORTED");
      assertThat(run.durationMillis()).isNotNull();
      assertThat(run.error()).contains("process " + owner.pid()).contains("is gone");
      assertThat(store.stages(id)).extracting(StageRecord::status).containsExactly("ABORTED");
      assertThat(store.log(id, 0))
          .extracting(LogLine::text)
          .containsExactly("deploying", "tagship: " + run.error(), "Finished: ABORTED");
    }
  }

  @Test
  void aRunWhoseOwnerStillRunsIsLeftRunning() throws Exception {
    Path file = root.resolve("runs.db");
    try (RunStore store = RunStore.open(file);
        RunRecorder run = store.begin("shop", Instant.now().toString(), null)) {
      try (RunStore another = RunStore.open(file)) {
        assertThat(another.abortRunsOfGoneOwners()).isZero();
        assertThat(another.run(run.id()).orElseThrow().result()).isNull();
      }
      run.finish("SUCCESS", Duration.ZERO, null);
    }
  }

  @Test
  void aProcessIdReusedByAnotherProcessDoesNotKeepARunAlive() throws Exception {
    Path file = root.resolve("runs.db");
    RunOwner current = RunOwner.current();
    RunOwner earlierHolderOfThisId =
        new RunOwner(current.host(), current.pid(), current.startedAt().minusSeconds(3600));
    long id;
    try (RunStore store = RunStore.open(file)) {
      RunRecorder run = store.begin("shop", Instant.now().toString(), null, earlierHolderOfThisId);
      id = run.id();
      run.close();
      assertThat(store.abortRunsOfGoneOwners()).isEqualTo(1);
      assertThat(store.run(id).orElseThrow().result()).isEqualTo("ABORTED");
    }
  }

  @Test
  void anOwnerOnAnotherHostIsGoneOnlyWhenItsHeartbeatIsOld() throws Exception {
    Path file = root.resolve("runs.db");
    try (RunStore store = RunStore.open(file)) {
      RunRecorder run =
          store.begin(
              "shop", Instant.now().toString(), null, new RunOwner("elsewhere", 1, Instant.EPOCH));
      run.close();
      assertThat(store.abortRunsOfGoneOwners()).as("fresh heartbeat").isZero();
    }
  }
}
