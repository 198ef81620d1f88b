package dev.tagship.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tagship.pipeline.store.LogLine;
import dev.tagship.pipeline.store.RunStore;
import dev.tagship.pipeline.store.RunSummary;
import dev.tagship.testing.TagshipProcess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code tagship run} killed with {@code kill -9}: its steps' processes die with it, its run is
 * marked ABORTED by the next one to open the store, and its temporary folders are swept.
 */
class KilledRunTest {

  @TempDir Path root;
  private Path temporary;
  private Path workspace;
  private Path store;
  private Map<String, String> environment;

  @BeforeEach
  void prepare() throws Exception {
    temporary = Files.createDirectories(root.resolve("tmp"));
    workspace = Files.createDirectories(root.resolve("shop"));
    store = root.resolve("home").resolve("runs.db");
    environment = TagshipProcess.plainEnvironment(root.resolve("home"));
  }

  @Test
  void aKilledRunTakesItsProcessesWithItAndIsRecordedAbortedAndLeavesNoFolders() throws Exception {
    Files.writeString(
        workspace.resolve("Jenkinsfile"),
        "pipeline { agent any; stages { stage('Long') { steps {\n"
            + "  sh 'nohup sleep 301 >/dev/null 2>&1 & echo started-long; sleep 300'\n"
            + "} } } }\n");
    Process run = TagshipProcess.startRun(temporary, environment, store, workspace);
    awaitLine(run, "started-long");
    List<ProcessHandle> steps = awaitSleeps(run, 2);

    run.toHandle().destroyForcibly();
    run.waitFor(10, TimeUnit.SECONDS);

    awaitGone(steps);
    assertThat(tagshipFolders(temporary)).as("the killed run's folder, before a sweep").hasSize(1);

    Files.writeString(
        workspace.resolve("Jenkinsfile"),
        "pipeline { agent any; stages { stage('Quick') { steps {\n"
            + "  sh 'nohup sleep 302 >/dev/null 2>&1 &'\n"
            + "  echo 'done'\n"
            + "} } } }\n");
    runToItsEnd();

    assertThat(ProcessHandle.allProcesses().filter(p -> commandLine(p).contains("sleep 302")))
        .as("a background process the step left is killed when the run ends")
        .isEmpty();
    assertThat(tagshipFolders(temporary)).as("no temporary folder left behind").isEmpty();
    try (RunStore runs = RunStore.open(store)) {
      RunSummary killed = runs.list("shop", 10).get(1);
      assertThat(killed.number()).isEqualTo(1);
      assertThat(killed.result()).isEqualTo("ABORTED");
      assertThat(runs.log(killed.id(), 0))
          .extracting(LogLine::text)
          .anyMatch(line -> line.contains("process " + run.pid()) && line.contains("is gone"))
          .last()
          .isEqualTo("Finished: ABORTED");
      assertThat(runs.list("shop", 10).get(0).result()).isEqualTo("SUCCESS");
    }
  }

  /**
   * Issue 11: nothing may remain in the temporary folder once a killed run's successor has run. The
   * SQLite driver unpacks its native library (1 MB, and a .lck beside it) into java.io.tmpdir, not
   * into tagship's own folder; a kill -9 leaves both there for good, since the driver only deletes
   * a library whose .lck is gone.
   */
  @Test
  void aKilledRunLeavesNothingAtAllInTheTemporaryFolderOnceTheNextRunHasSwept() throws Exception {
    Files.writeString(
        workspace.resolve("Jenkinsfile"),
        "pipeline { agent any; stages { stage('Long') { steps {\n"
            + "  sh 'echo started-long; sleep 300'\n"
            + "} } } }\n");
    Process run = TagshipProcess.startRun(temporary, environment, store, workspace);
    awaitLine(run, "started-long");
    run.toHandle().destroyForcibly();
    run.waitFor(10, TimeUnit.SECONDS);

    Files.writeString(
        workspace.resolve("Jenkinsfile"),
        "pipeline { agent any; stages { stage('Quick') { steps { echo 'done' } } } }\n");
    runToItsEnd();

    try (Stream<Path> entries = Files.list(temporary)) {
      assertThat(entries.map(p -> p.getFileName().toString()).toList())
          .as("what the killed run and its successor left in the temporary folder")
          .isEmpty();
    }
  }

  private static List<ProcessHandle> awaitSleeps(Process run, int count) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    List<ProcessHandle> sleeps = List.of();
    while (sleeps.size() < count && Instant.now().isBefore(deadline)) {
      Thread.sleep(50);
      sleeps = run.descendants().filter(KilledRunTest::isSleep).toList();
    }
    assertThat(sleeps).as("the step's sleeps").hasSize(count);
    return sleeps;
  }

  /** Runs the workspace's Jenkinsfile in a process of its own; fails unless it succeeds. */
  private void runToItsEnd() throws Exception {
    Process next = TagshipProcess.startRun(temporary, environment, store, workspace);
    String output = new String(next.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(next.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(next.exitValue()).as(output).isZero();
  }

  private static boolean isSleep(ProcessHandle process) {
    return commandLine(process).startsWith("sleep 30");
  }

  private static String commandLine(ProcessHandle process) {
    return process.info().commandLine().map(line -> line.replaceFirst("^\\S*/", "")).orElse("");
  }

  private static void awaitLine(Process process, String wanted) throws Exception {
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    String line;
    while ((line = lines.readLine()) != null) {
      seen.append(line).append('\n');
      if (line.equals(wanted)) {
        return;
      }
    }
    throw new AssertionError("the run ended before printing " + wanted + ":\n" + seen);
  }

  private static void awaitGone(List<ProcessHandle> processes) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
    while (processes.stream().anyMatch(ProcessHandle::isAlive)
        && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
    }
    assertThat(processes.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid))
        .as("step processes still running after their run was killed")
        .isEmpty();
  }

  private static List<Path> tagshipFolders(Path temporary) throws Exception {
    try (Stream<Path> entries = Files.list(temporary)) {
      return entries.filter(p -> p.getFileName().toString().startsWith("tagship-")).toList();
    }
  }
}
