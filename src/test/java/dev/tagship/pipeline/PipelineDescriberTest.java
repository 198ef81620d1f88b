package dev.tagship.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tagship.pipeline.model.ParameterDefinition;
import dev.tagship.pipeline.model.ParameterDefinition.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Jenkinsfile's parameters and stages, read without running anything. */
class PipelineDescriberTest {

  @TempDir Path workspace;

  private PipelineDescription describe(String text) {
    return new PipelineDescriber()
        .describe(
            new DescribeRequest(
                workspace.resolve("Jenkinsfile"),
                text,
                workspace,
                Map.of(),
                Map.of("DEFAULT_ENV", "staging"),
                Clock.systemUTC()));
  }

  @Test
  void readsEveryParameterTypeAndTheStagesWithoutRunningASingleStep() {
    PipelineDescription description =
        describe(
            """
            def fallback = 'shop'
            pipeline {
              agent any
              parameters {
                string(name: 'RELEASE', defaultValue: fallback, description: 'Helm release')
                text(name: 'NOTES', defaultValue: 'a\\nb')
                booleanParam(name: 'DRY_RUN', defaultValue: true)
                choice(name: 'ENVIRONMENT', choices: ['development', 'production'])
                password(name: 'API_KEY', defaultValue: 'changeme')
              }
              stages {
                stage('Build') { steps { sh 'touch built' } }
                stage('Deploy') { steps { sh 'touch deployed' } }
              }
            }
            """);

    assertThat(description.parameters())
        .extracting(ParameterDefinition::type, ParameterDefinition::name)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Type.STRING, "RELEASE"),
            org.assertj.core.groups.Tuple.tuple(Type.TEXT, "NOTES"),
            org.assertj.core.groups.Tuple.tuple(Type.BOOLEAN, "DRY_RUN"),
            org.assertj.core.groups.Tuple.tuple(Type.CHOICE, "ENVIRONMENT"),
            org.assertj.core.groups.Tuple.tuple(Type.PASSWORD, "API_KEY"));
    assertThat(description.parameters().get(0).defaultValue()).isEqualTo("shop");
    assertThat(description.parameters().get(3).choices())
        .containsExactly("development", "production");
    assertThat(description.stages()).containsExactly("Build", "Deploy");
    assertThat(Files.exists(workspace.resolve("built"))).isFalse();
    assertThat(Files.exists(workspace.resolve("deployed"))).isFalse();
  }

  @Test
  void aStepOutsideThePipelineBlockIsRefusedNotRun() {
    assertThatThrownBy(
            () ->
                describe(
                    "sh 'touch outside'\npipeline { agent any; stages { stage('A') { steps {"
                        + " echo 'a' } } } }"))
        .isInstanceOf(PipelineDescriber.PipelineDescriptionException.class)
        .hasMessageContaining("cannot be described");
    assertThat(Files.exists(workspace.resolve("outside"))).isFalse();
  }

  @Test
  void aScriptWithoutAPipelineBlockSaysOnlyDeclarativePipelinesCanBeDescribed() {
    assertThatThrownBy(() -> describe("def scripted = true"))
        .isInstanceOf(PipelineDescriber.PipelineDescriptionException.class)
        .hasMessageContaining("no pipeline { } block");
  }

  @Test
  void aJenkinsfileThatDoesNotCompileSaysSo() {
    assertThatThrownBy(() -> describe("pipeline { agent any"))
        .isInstanceOf(PipelineDescriber.PipelineDescriptionException.class)
        .hasMessageContaining("does not compile");
  }
}
