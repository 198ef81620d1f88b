package dev.tagship.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * README's first command, {@code tagship run --sandbox Jenkinsfile.example}, with the repository's
 * own Jenkinsfile.example: once with the native steps, and once with the repository's vars/ as the
 * 'tagship' library, which call the tagship command on the PATH as they do on a real Jenkins.
 */
class SandboxRunTest {

  private static final String JENKINSFILE =
      Path.of("Jenkinsfile.example").toAbsolutePath().toString();

  @org.junit.jupiter.api.io.TempDir Path home;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String stdin, String... args) {
    Map<String, String> env = new HashMap<>();
    env.put("PATH", System.getenv("PATH"));
    env.put("HOME", System.getProperty("user.home"));
    env.put("TAGSHIP_CACHE", RunCommandTest.TEST_CACHE);
    env.put("TAGSHIP_HOME", home.toString());
    CliContext context =
        new CliContext(
            env,
            Path.of("").toAbsolutePath(),
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return Main.run(context, args);
  }

  private String log() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void theMainJobReleasesTheNextVersionAndSaysItIsASandbox() {
    assertThat(run("", "run", "--sandbox", JENKINSFILE)).as(this::log).isZero();
    assertThat(log())
        .startsWith("SANDBOX: preparing a sandbox: no Azure account is used")
        .contains("SANDBOX: already released: shop 0.1.0 in namespace development")
        .contains("Stage \"Roll back\" skipped due to when conditional")
        .contains("Building shop 0.2.0")
        .contains("smoke test passed: the shop page shows version 0.2.0")
        .contains("shop 0.2.0 is live in development")
        .contains("Finished: SUCCESS")
        .containsPattern("2 +deployed +0\\.2\\.0 ");
  }

  @Test
  void breakingTheDeployRollsBackToTheLastGoodRelease() {
    assertThat(run("", "run", "--sandbox", JENKINSFILE, "-p", "BREAK=true"))
        .as(this::log)
        .isEqualTo(1);
    assertThat(log())
        .contains("ErrImagePull")
        .contains("rolled back to revision 1 (now revision 3, verified)")
        .contains("Finished: FAILURE")
        .containsPattern("2 +superseded +0\\.2\\.0-never-pushed .* no ")
        .containsPattern("3 +deployed +0\\.1\\.0 .* yes ");
  }

  @Test
  void theSharedLibraryForJenkinsDoesTheSameThroughTheCommandLine() {
    String repository = Path.of("").toAbsolutePath().toString();
    assertThat(
            run(
                "Roll back\n",
                "run",
                "--sandbox",
                JENKINSFILE,
                "--library",
                "tagship=" + repository,
                "-p",
                "BREAK=true"))
        .as(this::log)
        .isEqualTo(1);
    assertThat(log())
        .contains("Loading library tagship from " + repository)
        .contains("+ tagship version --output json --bump auto --push")
        .contains("Building shop 0.2.0")
        .contains("+ tagship push --output json --registry")
        .contains("+ tagship deploy --output json --release shop")
        .contains("Approved by")
        .contains("+ tagship rollback --output json --mark-failed")
        .contains("rolled back to revision 1")
        .containsPattern("3 +deployed +0\\.1\\.0 .* yes ");
  }
}
