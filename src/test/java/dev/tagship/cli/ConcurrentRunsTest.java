package dev.tagship.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tagship.pipeline.store.RunStore;
import dev.tagship.pipeline.store.RunSummary;
import dev.tagship.testing.TagshipProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many {@code tagship run} processes at once on one new store with a cold compiled-script cache:
 * every one runs and is recorded (SQLite's busy store, and first compiles racing on one file).
 * bench/soak.sh does the same with fifty runs, the dashboard and kill -9.
 */
class ConcurrentRunsTest {

  private static final int RUNS = 10;

  @TempDir Path root;

  @Test
  void concurrentFirstRunsOfOneFileAreAllRunAndRecorded() throws Exception {
    Path workspace = Files.createDirectories(root.resolve("shop"));
    Files.writeString(
        workspace.resolve("Jenkinsfile"),
        "pipeline { agent any; stages {\n"
            + "  stage('Build') { steps { sh 'echo built' } }\n"
            + "  stage('Test') { steps { script { (1..50).each { echo \"line ${it}\" } } } }\n"
            + "} }\n");
    Path store = root.resolve("home").resolve("runs.db");
    Map<String, String> environment =
        new HashMap<>(TagshipProcess.plainEnvironment(root.resolve("home")));
    environment.put("TAGSHIP_CACHE", root.resolve("cold-cache").toString());
    Path temporary = Files.createDirectories(root.resolve("tmp"));

    List<Process> runs = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      runs.add(TagshipProcess.startRun(temporary, environment, store, workspace));
    }
    List<String> failed = new ArrayList<>();
    for (Process run : runs) {
      String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(run.waitFor(120, TimeUnit.SECONDS)).isTrue();
      if (run.exitValue() != 0) {
        failed.add("exit " + run.exitValue() + ":\n" + output);
      }
    }

    assertThat(failed).isEmpty();
    try (RunStore recorded = RunStore.open(store)) {
      List<RunSummary> all = recorded.list("shop", 100);
      assertThat(all).extracting(RunSummary::result).hasSize(RUNS).containsOnly("SUCCESS");
      assertThat(all)
          .extracting(RunSummary::number)
          .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, RUNS).boxed().toList());
      for (RunSummary run : all) {
        assertThat(recorded.log(run.id(), 0))
            .as("run %d's log", run.number())
            .hasSizeGreaterThan(50);
      }
    }
  }
}
