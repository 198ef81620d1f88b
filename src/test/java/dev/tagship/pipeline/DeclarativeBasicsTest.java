package dev.tagship.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tagship.pipeline.runtime.Result;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeclarativeBasicsTest {

  @TempDir Path workspace;

  @Test
  void runsStagesInOrderWithJenkinsLogShape() throws Exception {
    var outcome =
        new PipelineHarness(workspace)
            .run(
                """
                pipeline {
                  agent any
                  stages {
                    stage('Build') {
                      steps {
                        echo 'building'
                        sh 'echo from-shell'
                      }
                    }
                    stage('Test') {
                      steps {
                        script {
                          def items = ['a', 'b']
                          items.each { echo "item ${it}" }
                        }
                      }
                    }
                  }
                }
                """);
    assertThat(outcome.result().result()).isEqualTo(Result.SUCCESS);
    assertThat(outcome.lines())
        .containsSubsequence(
            "[Pipeline] Start of Pipeline",
            "[Pipeline] node",
            "[Pipeline] {",
            "[Pipeline] stage",
            "[Pipeline] { (Declarative: Checkout SCM)",
            "[Pipeline] checkout",
            "[Pipeline] stage",
            "[Pipeline] { (Build)",
            "[Pipeline] echo",
            "building",
            "[Pipeline] sh",
            "+ echo from-shell",
            "from-shell",
            "[Pipeline] }",
            "[Pipeline] // stage",
            "[Pipeline] { (Test)",
            "[Pipeline] script",
            "item a",
            "item b",
            "[Pipeline] // script",
            "[Pipeline] // node",
            "[Pipeline] End of Pipeline",
            "Finished: SUCCESS");
  }
}
