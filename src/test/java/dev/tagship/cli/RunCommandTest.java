package dev.tagship.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {

  @TempDir Path workspace;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String stdin, String... args) {
    CliContext context =
        new CliContext(
            Map.of("PATH", System.getenv("PATH"), "USER", "tester"),
            workspace,
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return Main.run(context, args);
  }

  private void jenkinsfile(String text) throws Exception {
    Files.writeString(workspace.resolve("Jenkinsfile"), text);
  }

  @Test
  void exitCodeFollowsTheResult() throws Exception {
    jenkinsfile(
        """
        pipeline {
          agent any
          parameters { choice(name: 'OUTCOME', choices: ['pass', 'fail', 'unstable']) }
          stages {
            stage('Decide') {
              steps {
                script {
                  if (params.OUTCOME == 'fail') { error 'asked to fail' }
                  if (params.OUTCOME == 'unstable') { unstable 'asked to be unstable' }
                }
              }
            }
          }
        }
        """);
    assertThat(run("", "run")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .startsWith("Started by user tester")
        .endsWith("Finished: SUCCESS\n");
    assertThat(run("", "run", "-p", "OUTCOME=fail")).isEqualTo(1);
    assertThat(run("", "run", "-p", "OUTCOME=unstable")).isEqualTo(3);
    assertThat(run("", "run", "-p", "OUTCOME=maybe")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("must be one of [pass, fail, unstable], not 'maybe'");
  }

  @Test
  void inputIsAnsweredAtTheConsole() throws Exception {
    jenkinsfile(
        """
        pipeline {
          agent none
          stages {
            stage('Ask') {
              input { message 'Ship?'; ok 'Ship'; parameters { string(name: 'TARGET', defaultValue: 'dev') } }
              steps { echo "shipping to ${TARGET}" }
            }
          }
        }
        """);
    assertThat(run("Ship\nprod\n", "run")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("Approved by tester")
        .contains("shipping to prod");
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("Ship? [Ship/abort]: ");

    out.reset();
    assertThat(run("", "run")).isEqualTo(4);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("Aborted by nobody (standard input is closed)")
        .endsWith("Finished: ABORTED\n");
  }

  @Test
  void librariesByNameAndMissingJenkinsfile(@TempDir Path library) throws Exception {
    Files.createDirectories(library.resolve("vars"));
    Files.writeString(
        library.resolve("vars/hello.groovy"), "def call() { echo 'hello from lib' }\n");
    jenkinsfile(
        """
        @Library('greetings') _
        pipeline { agent none; stages { stage('x') { steps { hello() } } } }
        """);
    assertThat(run("", "run", "--library", "greetings=" + library)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("hello from lib");

    assertThat(run("", "run", "Missingfile")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("no Jenkinsfile at ");
  }
}
