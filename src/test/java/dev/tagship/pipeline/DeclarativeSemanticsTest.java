package dev.tagship.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tagship.pipeline.runtime.Result;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeclarativeSemanticsTest {

  @TempDir Path workspace;

  private PipelineHarness harness() {
    return new PipelineHarness(workspace);
  }

  @Test
  void failedStageSkipsTheRestAndRunsPostInJenkinsOrder() throws Exception {
    var outcome =
        harness()
            .run(
                """
                pipeline {
                  agent any
                  options { skipDefaultCheckout() }
                  stages {
                    stage('One') {
                      steps { error 'boom' }
                      post { failure { echo 'stage failed' } }
                    }
                    stage('Two') { steps { echo 'never' } }
                  }
                  post {
                    cleanup { echo 'cleanup last' }
                    failure { echo "failure: ${currentBuild.result}" }
                    always { echo 'always first' }
                    success { echo 'not on failure' }
                  }
                }
                """);
    assertThat(outcome.result().result()).isEqualTo(Result.FAILURE);
    assertThat(outcome.result().exitCode()).isEqualTo(1);
    assertThat(outcome.log()).doesNotContain("never").doesNotContain("not on failure");
    assertThat(outcome.lines())
        .containsSubsequence(
            "[Pipeline] { (One)",
            "Post stage",
            "stage failed",
            "[Pipeline] { (Two)",
            "Stage \"Two\" skipped due to earlier failure(s)",
            "[Pipeline] { (Declarative: Post Actions)",
            "always first",
            "failure: FAILURE",
            "cleanup last",
            "[Pipeline] End of Pipeline",
            "ERROR: boom",
            "Finished: FAILURE");
  }

  @Test
  void whenConditionsSkipWithJenkinsMessage() throws Exception {
    var outcome =
        harness()
            .env("BRANCH_NAME", "feature/x")
            .run(
                """
                pipeline {
                  agent any
                  options { skipDefaultCheckout() }
                  environment { DEPLOY = 'yes' }
                  stages {
                    stage('Main only') {
                      when { branch 'main' }
                      steps { echo 'on main' }
                    }
                    stage('Features') {
                      when { branch 'feature/*' }
                      steps { echo 'on feature' }
                    }
                    stage('Expression') {
                      when {
                        allOf {
                          environment name: 'DEPLOY', value: 'yes'
                          expression { env.BRANCH_NAME.startsWith('feature') }
                        }
                      }
                      steps { echo 'expression held' }
                    }
                    stage('Not') {
                      when { not { branch 'feature/x' } }
                      steps { echo 'negated' }
                    }
                    stage('Any') {
                      when {
                        anyOf {
                          branch 'main'
                          equals expected: 2, actual: 1 + 1
                        }
                      }
                      steps { echo 'any held' }
                    }
                  }
                }
                """);
    assertThat(outcome.result().result()).isEqualTo(Result.SUCCESS);
    assertThat(outcome.log())
        .contains("Stage \"Main only\" skipped due to when conditional")
        .contains("on feature")
        .contains("expression held")
        .contains("Stage \"Not\" skipped due to when conditional")
        .contains("any held")
        .doesNotContain("on main")
        .doesNotContain("negated");
  }

  @Test
  void parallelBranchesPrefixTheirOutputAndFailFastStopsTheOthers() throws Exception {
    var outcome =
        harness()
            .run(
                """
                pipeline {
                  agent any
                  options { skipDefaultCheckout() }
                  stages {
                    stage('Tests') {
                      failFast true
                      parallel {
                        stage('Unit') { steps { echo 'unit ran' } }
                        stage('Slow') { steps { sleep 30; echo 'slow finished' } }
                        stage('Broken') { steps { sleep(time: 200, unit: 'MILLISECONDS'); error 'broken branch' } }
                      }
                    }
                  }
                }
                """);
    assertThat(outcome.result().result()).isEqualTo(Result.FAILURE);
    assertThat(outcome.lines())
        .contains("[Pipeline] parallel", "[Pipeline] { (Branch: Unit)", "[Unit] unit ran")
        .contains("[Pipeline] // parallel");
    assertThat(outcome.log()).contains("Failed in branch Broken").doesNotContain("slow finished");
    assertThat(outcome.result().duration()).isLessThan(java.time.Duration.ofSeconds(20));
    assertThat(outcome.result().error()).isEqualTo("broken branch");
  }

  @Test
  void matrixRunsEveryCombinationLessExcludes() throws Exception {
    var outcome =
        harness()
            .run(
                """
                pipeline {
                  agent any
                  options { skipDefaultCheckout() }
                  stages {
                    stage('Matrix') {
                      matrix {
                        axes {
                          axis { name 'OS'; values 'linux', 'windows' }
                          axis { name 'JDK'; values '17', '21' }
                        }
                        excludes { exclude { axis { name 'OS'; values 'windows' }; axis { name 'JDK'; values '17' } } }
                        stages { stage('Build') { steps { echo "build ${OS} ${env.JDK}" } } }
                      }
                    }
                  }
                }
                """);
    assertThat(outcome.result().result()).isEqualTo(Result.SUCCESS);
    assertThat(outcome.log())
        .contains("[Pipeline] { (Branch: Matrix - OS = 'linux', JDK = '17')")
        .contains("build linux 17")
        .contains("build linux 21")
        .contains("build windows 21")
        .doesNotContain("build windows 17");
  }

  @Test
  void environmentValuesSeeEarlierOnesAndBlockValuesWinOverEnvAssignments() throws Exception {
    var outcome =
        harness()
            .run(
                """
                pipeline {
                  agent any
                  options { skipDefaultCheckout() }
                  environment {
                    APP = 'shop'
                    IMAGE = "${APP}:${BUILD_NUMBER}"
                    FULL = "${env.IMAGE}-full"
                  }
                  stages {
                    stage('Use') {
                      steps {
                        script {
                          env.APP = 'changed'
                          env.EXTRA = 42
                        }
                        echo "image ${IMAGE} full ${FULL} app ${env.APP} extra ${env.EXTRA.class.simpleName}"
                        sh 'echo "shell sees $IMAGE"'
                      }
                    }
                  }
                }
                """);
    assertThat(outcome.result().result()).isEqualTo(Result.SUCCESS);
    assertThat(outcome.log())
        .contains("image shop:1 full shop:1-full app shop extra String")
        .contains("shell sees shop:1");
  }

  @Test
  void unstableMakesTheBuildUnstableWithItsExitCode() throws Exception {
    var outcome =
        harness()
            .run(
                """
                pipeline {
                  agent any
                  options { skipDefaultCheckout() }
                  stages {
                    stage('Warn') { steps { unstable 'flaky tests' } }
                    stage('Next') { steps { echo 'still runs' } }
                  }
                  post { unstable { echo 'post unstable' } }
                }
                """);
    assertThat(outcome.result().result()).isEqualTo(Result.UNSTABLE);
    assertThat(outcome.result().exitCode()).isEqualTo(3);
    assertThat(outcome.log())
        .contains("WARNING: flaky tests")
        .contains("still runs")
        .contains("post unstable")
        .endsWith("Finished: UNSTABLE\n");
  }

  @Test
  void sectionsOnOneLineAreRejectedAsJenkinsRejectsThem() throws Exception {
    var outcome =
        harness()
            .run(
                """
                pipeline {
                  agent any
                  stages {
                    stage('One') { when { branch 'main' } steps { echo 'hi' } }
                  }
                }
                """);
    assertThat(outcome.result().result()).isEqualTo(Result.FAILURE);
    assertThat(outcome.result().error())
        .startsWith("WorkflowScript: 4: Expected a symbol @ line 4");
    assertThat(outcome.log()).doesNotContain("[Pipeline] echo");
  }

  @Test
  void resultOnlyGetsWorse() throws Exception {
    var outcome =
        harness()
            .run(
                """
                pipeline {
                  agent none
                  stages {
                    stage('Set') {
                      steps {
                        script {
                          currentBuild.result = 'UNSTABLE'
                          currentBuild.result = 'SUCCESS'
                          echo "result ${currentBuild.result}"
                        }
                      }
                    }
                  }
                }
                """);
    assertThat(outcome.log()).contains("result UNSTABLE");
    assertThat(outcome.result().result()).isEqualTo(Result.UNSTABLE);
  }

  @Test
  void retryTriesAgainAfterItsOwnTimeoutButNotAfterAnAbortedInput() throws Exception {
    var outcome =
        harness()
            .run(
                """
                pipeline {
                  agent none
                  stages {
                    stage('Flaky') {
                      steps {
                        script { env.TRY = '0' }
                        retry(3) {
                          script { env.TRY = (env.TRY as int) + 1 }
                          timeout(time: 300, unit: 'MILLISECONDS') {
                            script { if (env.TRY != '3') { sleep(time: 5, unit: 'SECONDS') } }
                          }
                        }
                        echo "succeeded on try ${env.TRY}"
                      }
                    }
                    stage('Asked') {
                      steps {
                        retry(3) { input 'Go on?' }
                      }
                    }
                  }
                }
                """);
    assertThat(outcome.lines())
        .containsSubsequence(
            "Timeout has been exceeded",
            "Retrying",
            "Timeout has been exceeded",
            "Retrying",
            "succeeded on try 3");
    assertThat(outcome.log().split("Go on\\?", -1)).hasSize(2);
    assertThat(outcome.result().result()).isEqualTo(Result.ABORTED);
  }

  @Test
  void changedInAStagePostComparesBuildResultsNotTheStagesWarning() throws Exception {
    var outcome =
        harness()
            .previous("SUCCESS")
            .run(
                """
                pipeline {
                  agent none
                  stages {
                    stage('Warn') {
                      steps { catchError(buildResult: 'SUCCESS', stageResult: 'UNSTABLE') { error 'x' } }
                      post {
                        changed { echo 'stage post: changed' }
                        unstable { echo 'stage post: unstable' }
                      }
                    }
                  }
                }
                """);
    assertThat(outcome.log())
        .contains("stage post: unstable")
        .doesNotContain("stage post: changed");
    assertThat(outcome.result().result()).isEqualTo(Result.SUCCESS);
  }
}
