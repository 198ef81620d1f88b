package dev.tagship.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tagship.pipeline.runtime.Result;
import dev.tagship.steps.Credential;
import dev.tagship.steps.Credentials;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bound secret written into a step's argument with Groovy interpolation gets Jenkins' warning
 * (workflow-cps' DSL.logInterpolationWarnings), once per step call, naming the variables.
 */
class InterpolatedSecretsTest {

  @TempDir Path workspace;

  private PipelineHarness harness() {
    return new PipelineHarness(workspace)
        .credentials(
            Credentials.of(
                List.of(
                    new Credential.SecretText("api", "api-token-5e6f7a8b9c"),
                    new Credential.UsernamePassword("git", "bot", "git-pass-1q2w3e4r"))));
  }

  private static List<String> warning(String step, String variables) {
    return List.of(
        "Warning: A secret was passed to \""
            + step
            + "\" using Groovy String interpolation, which is insecure.",
        "\t\t Affected argument(s) used the following variable(s): " + variables,
        "\t\t See https://jenkins.io/redirect/groovy-string-interpolation for details.");
  }

  @Test
  void anInterpolatedSecretInShGetsJenkinsWarningAfterTheStepLine() throws Exception {
    var outcome =
        harness()
            .run(
                """
                pipeline {
                  agent any
                  stages {
                    stage('Use') {
                      steps {
                        withCredentials([string(credentialsId: 'api', variable: 'SECRET')]) {
                          sh "echo token ${SECRET}"
                          sh 'echo token $SECRET'
                        }
                      }
                    }
                  }
                }
                """);

    assertThat(outcome.result().result()).isEqualTo(Result.SUCCESS);
    List<String> lines = outcome.lines();
    int sh = lines.indexOf("[Pipeline] sh");
    assertThat(lines.subList(sh + 1, sh + 4)).isEqualTo(warning("sh", "[SECRET]"));
    assertThat(lines.stream().filter(line -> line.startsWith("Warning: A secret"))).hasSize(1);
    assertThat(outcome.log()).doesNotContain("api-token-5e6f7a8b9c").contains("token ****");
  }

  @Test
  void anyStepIsCheckedAndEachCallNamesAllItsVariablesOnce() throws Exception {
    var outcome =
        harness()
            .run(
                """
                pipeline {
                  agent any
                  environment { GIT = credentials('git') }
                  stages {
                    stage('Use') {
                      steps {
                        withCredentials([string(credentialsId: 'api', variable: 'SECRET')]) {
                          echo "${GIT_PSW} and ${SECRET} and ${GIT_PSW} again"
                          writeFile file: 'out.txt', text: "plain ${BUILD_NUMBER}"
                          echo "not a secret: ${GIT_USR}"
                        }
                      }
                    }
                  }
                }
                """);

    assertThat(outcome.result().result()).isEqualTo(Result.SUCCESS);
    List<String> lines = outcome.lines();
    int echo = lines.indexOf("[Pipeline] echo");
    assertThat(lines.subList(echo + 1, echo + 4)).isEqualTo(warning("echo", "[GIT_PSW, SECRET]"));
    assertThat(lines.stream().filter(line -> line.startsWith("Warning: A secret"))).hasSize(1);
  }
}
