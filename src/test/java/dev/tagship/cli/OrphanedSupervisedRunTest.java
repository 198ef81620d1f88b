package dev.tagship.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tagship.testing.TagshipProcess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, "a pipeline cannot touch the dashboard": a run the dashboard started must not outlive
 * the dashboard. When {@code tagship serve} is killed (kill -9), its runs' standard input closes; a
 * run that heeds interruption stops, but one in an endless loop went on burning a CPU forever as an
 * orphan of init, and its run stayed RUNNING, since its owner process was alive. Jenkins kills a
 * build whose agent channel is lost; the run's process must end within a bound of its own.
 */
class OrphanedSupervisedRunTest {

  @TempDir Path root;

  @Test
  void aSupervisedRunInAnEndlessLoopEndsWhenItsDashboardGoesAway() throws Exception {
    Path temporary = Files.createDirectories(root.resolve("tmp"));
    Path workspace = Files.createDirectories(root.resolve("loops"));
    Files.writeString(
        workspace.resolve("Jenkinsfile"),
        "pipeline { agent any; stages { stage('Spin') { steps {\n"
            + "  echo 'spinning'\n"
            + "  script { long i = 0; while (true) { i++ } }\n"
            + "} } } }\n");
    Process run =
        TagshipProcess.builder(
                temporary,
                TagshipProcess.plainEnvironment(root.resolve("home")),
                "run",
                "--supervised",
                "--name",
                "loops",
                "--store",
                root.resolve("home").resolve("runs.db").toString(),
                "--workspace",
                workspace.toString(),
                workspace.resolve("Jenkinsfile").toString())
            .start();
    try {
      OutputStream toRun = run.getOutputStream();
      toRun.write(
          "{\"type\":\"run\",\"parameters\":{},\"masked\":[]}\n".getBytes(StandardCharsets.UTF_8));
      toRun.flush();
      BufferedReader fromRun =
          new BufferedReader(new InputStreamReader(run.getInputStream(), StandardCharsets.UTF_8));
      String line;
      StringBuilder seen = new StringBuilder();
      while ((line = fromRun.readLine()) != null && !line.contains("\"started\"")) {
        seen.append(line).append('\n');
      }
      assertThat(line).as("the run said it started:\n" + seen).isNotNull();
      Thread.sleep(2000);

      // what the dashboard's death looks like from the run: its end of the channel closes
      toRun.close();

      assertThat(run.waitFor(60, TimeUnit.SECONDS))
          .as("the run's process, an orphan spinning in its loop, 60 s after its dashboard went")
          .isTrue();
    } finally {
      run.descendants().forEach(ProcessHandle::destroyForcibly);
      run.destroyForcibly();
    }
  }
}
