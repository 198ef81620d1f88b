package dev.tagship.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tagship.pipeline.runtime.InputHandler;
import dev.tagship.pipeline.runtime.ParameterValues;
import dev.tagship.pipeline.runtime.Result;
import dev.tagship.steps.Credential;
import dev.tagship.steps.Credentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StepsAndLibrariesTest {

  @TempDir Path workspace;

  private PipelineHarness harness() {
    return new PipelineHarness(workspace);
  }

  private static String inStage(String steps) {
    return """
        pipeline {
          agent any
          options { skipDefaultCheckout() }
          stages {
            stage('S') {
              steps {
        %s
              }
            }
          }
        }
        """
        .formatted(steps);
  }

  @Test
  void parametersTakeDefaultsAndCommandLineValuesAndAreReadOnly() throws Exception {
    String jenkinsfile =
        """
        pipeline {
          agent any
          options { skipDefaultCheckout() }
          parameters {
            choice(name: 'ENVIRONMENT', choices: ['development', 'production'])
            booleanParam(name: 'BREAK', defaultValue: false)
            string(name: 'REVISION', defaultValue: '', trim: true)
            password(name: 'TOKEN', defaultValue: 'default-secret-value')
          }
          stages {
            stage('Show') {
              steps {
                echo "env=${params.ENVIRONMENT} break=${params.BREAK} rev=[${params.REVISION}] as-env=${ENVIRONMENT}"
                echo "token ${params.TOKEN}"
                script {
                  try { params.BREAK = true } catch (UnsupportedOperationException e) { echo 'params are read-only' }
                }
              }
            }
          }
        }
        """;
    var outcome =
        harness()
            .parameter("ENVIRONMENT", "production")
            .parameter("REVISION", "  7 ")
            .run(jenkinsfile);
    assertThat(outcome.result().result()).isEqualTo(Result.SUCCESS);
    assertThat(outcome.log())
        .contains("env=production break=false rev=[7] as-env=production")
        .contains("token ****")
        .doesNotContain("default-secret-value")
        .contains("params are read-only");

    assertThatThrownBy(() -> harness().parameter("ENVIRONMENT", "staging").run(jenkinsfile))
        .isInstanceOf(ParameterValues.ParameterException.class)
        .hasMessageContaining("must be one of [development, production], not 'staging'");
    assertThatThrownBy(() -> harness().parameter("BREAK", "yes").run(jenkinsfile))
        .hasMessageContaining("give true or false");
    assertThatThrownBy(() -> harness().parameter("NOPE", "1").run(jenkinsfile))
        .hasMessageContaining("unknown parameter 'NOPE'")
        .hasMessageContaining("[BREAK, ENVIRONMENT, REVISION, TOKEN]");
  }

  @Test
  void credentialsAreBoundAndMaskedEverywhere() throws Exception {
    var outcome =
        harness()
            .credentials(
                Credentials.of(
                    List.of(
                        new Credential.UsernamePassword("git", "bot", "s3cret-password"),
                        new Credential.SecretText("token", "t0ken-value-xyz"))))
            .run(
                """
                pipeline {
                  agent any
                  options { skipDefaultCheckout() }
                  environment { GIT = credentials('git') }
                  stages {
                    stage('Use') {
                      steps {
                        echo "user ${GIT_USR} password ${GIT_PSW}"
                        sh 'echo "shell $GIT_PSW"'
                        withCredentials([string(credentialsId: 'token', variable: 'TOKEN')]) {
                          sh 'echo "token $TOKEN" && printf %s "$TOKEN" | base64'
                        }
                      }
                    }
                  }
                }
                """);
    assertThat(outcome.result().result()).isEqualTo(Result.SUCCESS);
    assertThat(outcome.log())
        .contains("Masking supported pattern matches of $GIT")
        .contains("user bot password ****")
        .contains("shell ****")
        .contains("token ****")
        .doesNotContain("s3cret-password")
        .doesNotContain("t0ken-value-xyz")
        .doesNotContain(java.util.Base64.getEncoder().encodeToString("t0ken-value-xyz".getBytes()));

    var unknown =
        harness()
            .credentials(Credentials.of(List.of(new Credential.SecretText("token", "abcdef"))))
            .run(
                inStage(
                    "withCredentials([string(credentialsId: 'nope', variable: 'X')]) { echo 'x' }"));
    assertThat(unknown.result().result()).isEqualTo(Result.FAILURE);
    assertThat(unknown.result().error())
        .contains("Could not find credentials entry with ID 'nope'")
        .contains("[token]");
  }

  @Test
  void shellReturnsStdoutOrStatusAndFailsOnExitCode() throws Exception {
    var outcome =
        harness()
            .run(
                inStage(
                    """
                    script {
                      def out = sh(script: 'echo hello; echo to-stderr >&2', returnStdout: true)
                      echo "stdout=[${out}]"
                      def status = sh(script: 'exit 3', returnStatus: true)
                      echo "status=${status}"
                    }
                    sh 'exit 4'
                    echo 'not reached'
                    """));
    assertThat(outcome.result().result()).isEqualTo(Result.FAILURE);
    assertThat(outcome.log())
        .contains("stdout=[hello\n]")
        .contains("to-stderr")
        .contains("status=3")
        .doesNotContain("not reached");
    assertThat(outcome.result().error()).isEqualTo("script returned exit code 4");
  }

  @Test
  void timeoutAbortsTheBlockAndTheBuild() throws Exception {
    var outcome = harness().run(inStage("timeout(time: 1, unit: 'SECONDS') { sh 'sleep 30' }"));
    assertThat(outcome.result().result()).isEqualTo(Result.ABORTED);
    assertThat(outcome.result().exitCode()).isEqualTo(4);
    assertThat(outcome.log())
        .contains("Timeout set to expire in 1 sec")
        .contains("Cancelling nested steps due to timeout")
        .contains("Timeout has been exceeded")
        .endsWith("Finished: ABORTED\n");
    assertThat(outcome.result().duration()).isLessThan(java.time.Duration.ofSeconds(15));
  }

  @Test
  void retryAndCatchError() throws Exception {
    var outcome =
        harness()
            .run(
                inStage(
                    """
                    script { env.TRIES = '0' }
                    retry(3) {
                      script {
                        env.TRIES = (env.TRIES as int) + 1
                        if (env.TRIES != '3') { error "attempt ${env.TRIES} failed" }
                      }
                    }
                    echo "succeeded after ${env.TRIES}"
                    catchError(buildResult: 'UNSTABLE', stageResult: 'FAILURE') { error 'caught' }
                    echo 'continued'
                    """));
    assertThat(outcome.lines())
        .containsSubsequence(
            "ERROR: attempt 1 failed",
            "Retrying",
            "ERROR: attempt 2 failed",
            "Retrying",
            "succeeded after 3",
            "ERROR: caught",
            "continued");
    assertThat(outcome.result().result()).isEqualTo(Result.UNSTABLE);
  }

  @Test
  void inputAsksTheHandlerAndAbortEndsTheBuild() throws Exception {
    AtomicReference<InputHandler.Request> asked = new AtomicReference<>();
    var approved =
        harness()
            .input(
                request -> {
                  asked.set(request);
                  return new InputHandler.Answer(true, Map.of("TARGET", "prod"), "alice");
                })
            .run(
                inStage(
                    """
                    script {
                      def target = input(message: 'Deploy?', ok: 'Ship it', parameters: [string(name: 'TARGET', defaultValue: 'dev')])
                      echo "target ${target}"
                    }
                    """));
    assertThat(approved.result().result()).isEqualTo(Result.SUCCESS);
    assertThat(asked.get().message()).isEqualTo("Deploy?");
    assertThat(asked.get().ok()).isEqualTo("Ship it");
    assertThat(approved.log())
        .contains("Ship it or Abort")
        .contains("Approved by alice")
        .contains("target prod");

    var aborted = harness().run(inStage("input 'Deploy?'\necho 'after input'"));
    assertThat(aborted.result().result()).isEqualTo(Result.ABORTED);
    assertThat(aborted.log()).doesNotContain("after input");
  }

  @Test
  void unknownStepNamesTheKnownOnes() throws Exception {
    var outcome = harness().run(inStage("frobnicate 'x'"));
    assertThat(outcome.result().result()).isEqualTo(Result.FAILURE);
    assertThat(outcome.result().error())
        .startsWith("No such DSL method 'frobnicate' found among steps [")
        .contains("echo")
        .contains("tagVersion")
        .contains("or globals [currentBuild, env, params, scm]");
  }

  @Test
  void unknownStepParameterIsRefused() throws Exception {
    var outcome = harness().run(inStage("sh script: 'true', retrunStdout: true"));
    assertThat(outcome.result().error())
        .contains("Invalid parameter \"retrunStdout\" for step \"sh\"")
        .contains("returnStdout");
  }

  @Test
  void sharedLibraryVarsSrcAndResources(@TempDir Path library) throws Exception {
    Files.createDirectories(library.resolve("vars"));
    Files.createDirectories(library.resolve("src/org/example"));
    Files.createDirectories(library.resolve("resources/org/example"));
    Files.writeString(
        library.resolve("vars/greet.groovy"),
        """
        def call(Map args = [:]) {
          echo "hello ${args.name ?: 'world'} from a library"
          sh 'echo library-shell'
          return 'greeted'
        }
        def twice(String what) { return what * 2 }
        """);
    Files.writeString(
        library.resolve("src/org/example/Helper.groovy"),
        """
        package org.example
        class Helper implements Serializable {
          def steps
          Helper(steps) { this.steps = steps }
          def shout(String text) { steps.echo(text.toUpperCase()) }
        }
        """);
    Files.writeString(library.resolve("resources/org/example/template.txt"), "resource text");
    var outcome =
        harness()
            .library("my-lib", library)
            .run(
                """
                @Library('my-lib@main') _
                import org.example.Helper

                pipeline {
                  agent any
                  options { skipDefaultCheckout() }
                  stages {
                    stage('Lib') {
                      steps {
                        script {
                          def result = greet(name: 'tagship')
                          echo "result ${result} ${greet.twice('ab')}"
                          new Helper(this).shout('quiet')
                          echo libraryResource('org/example/template.txt')
                        }
                      }
                    }
                  }
                }
                """);
    assertThat(outcome.result().result()).isEqualTo(Result.SUCCESS);
    assertThat(outcome.log())
        .contains("Loading library my-lib@main from " + library)
        .contains("hello tagship from a library")
        .contains("library-shell")
        .contains("result greeted abab")
        .contains("QUIET")
        .contains("resource text");
  }

  @Test
  void unknownLibraryFailsNamingTheKnownOnes() throws Exception {
    var outcome = harness().run("@Library('missing') _\n" + inStage("echo 'x'"));
    assertThat(outcome.result().result()).isEqualTo(Result.FAILURE);
    assertThat(outcome.result().error())
        .contains("No library named 'missing'")
        .contains("--library missing=DIR");
  }

  @Test
  void filesJsonYamlStashAndJunit() throws Exception {
    Files.createDirectories(workspace.resolve("reports"));
    Files.writeString(
        workspace.resolve("reports/TEST-a.xml"),
        """
        <testsuite name="a" tests="3">
          <testcase name="ok"/>
          <testcase name="bad"><failure message="no"/></testcase>
          <testcase name="skip"><skipped/></testcase>
        </testsuite>
        """);
    var outcome =
        harness()
            .run(
                inStage(
                    """
                    writeFile file: 'out/data.json', text: '{"name": "shop", "replicas": 2}'
                    script {
                      def data = readJSON file: 'out/data.json'
                      echo "name ${data.name} replicas ${data.replicas + 1}"
                      writeJSON file: 'out/copy.json', json: [version: "1.${data.replicas}"]
                      echo readFile('out/copy.json')
                      def yaml = readYaml text: 'image:\\n  tag: "1.4.2"\\n'
                      echo "tag ${yaml.image.tag} exists ${fileExists('out/data.json')}"
                    }
                    stash name: 'json', includes: 'out/*.json'
                    dir('elsewhere') {
                      unstash 'json'
                      sh 'ls out'
                    }
                    script {
                      def summary = junit 'reports/*.xml'
                      echo "failed ${summary.failCount} of ${summary.totalCount}"
                    }
                    """));
    assertThat(outcome.log())
        .contains("name shop replicas 3")
        .contains("{\"version\":\"1.2\"}")
        .contains("tag 1.4.2 exists true")
        .contains("Stashed 2 file(s)")
        .contains("copy.json")
        .contains("Tests: 3, failed: 1, skipped: 1")
        .contains("failed 1 of 3");
    assertThat(outcome.result().result()).isEqualTo(Result.UNSTABLE);
    assertThat(workspace.resolve("elsewhere/out/data.json")).exists();
  }

  @Test
  void scriptedPipelineWithNodeStageAndParallel() throws Exception {
    var outcome =
        harness()
            .run(
                """
                node {
                  stage('Build') {
                    echo 'scripted build'
                  }
                  stage('Test') {
                    parallel(a: { echo 'branch a' }, b: { echo 'branch b' })
                  }
                }
                """);
    assertThat(outcome.result().result()).isEqualTo(Result.SUCCESS);
    assertThat(outcome.lines())
        .contains(
            "[Pipeline] node",
            "[Pipeline] { (Build)",
            "scripted build",
            "[a] branch a",
            "[b] branch b");
  }

  @Test
  void disableConcurrentBuildsMakesASecondRunWaitForTheFirst(@TempDir Path locks) throws Exception {
    String jenkinsfile =
        """
        pipeline {
          agent none
          options { disableConcurrentBuilds() }
          stages {
            stage('Hold') {
              steps {
                sh 'echo start-$RUN >> order.txt; sleep 1; echo end-$RUN >> order.txt'
              }
            }
          }
        }
        """;
    assertASecondRunWaitsForTheFirst(jenkinsfile, locks);
  }

  @Test
  void aScriptedPipelinesDisableConcurrentBuildsPropertyMakesASecondRunWait(@TempDir Path locks)
      throws Exception {
    assertASecondRunWaitsForTheFirst(
        """
        properties([disableConcurrentBuilds()])
        node {
          stage('Hold') {
            sh 'echo start-$RUN >> order.txt; sleep 1; echo end-$RUN >> order.txt'
          }
        }
        """,
        locks);
  }

  private void assertASecondRunWaitsForTheFirst(String jenkinsfile, Path locks) throws Exception {
    var guard = new dev.tagship.pipeline.store.PipelineLocks(locks);
    java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      var first = two.submit(() -> harness().env("RUN", "1").concurrency(guard).run(jenkinsfile));
      Thread.sleep(300);
      var second = two.submit(() -> harness().env("RUN", "2").concurrency(guard).run(jenkinsfile));
      var done = first.get();
      assertThat(done.result().result()).as(done.log()).isEqualTo(Result.SUCCESS);
      var waited = second.get();
      assertThat(waited.result().result()).isEqualTo(Result.SUCCESS);
      assertThat(waited.log())
          .contains("Waiting for the running build of test to finish (disableConcurrentBuilds)");
    } finally {
      two.shutdownNow();
    }
    assertThat(Files.readAllLines(workspace.resolve("order.txt")))
        .containsExactly("start-1", "end-1", "start-2", "end-2");
  }
}
