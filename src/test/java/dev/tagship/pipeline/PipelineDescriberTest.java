package dev.tagship.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.tagship.pipeline.model.ParameterDefinition;
import dev.tagship.pipeline.model.ParameterDefinition.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Jenkinsfile's parameters and stages, read from its syntax tree without running anything. */
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
                string(name: 'RELEASE', defaultValue: 'shop', description: 'Helm release', trim: true)
                text(name: 'NOTES', defaultValue: 'a\\nb')
                booleanParam(name: 'DRY_RUN', defaultValue: true)
                choice(name: 'ENVIRONMENT', choices: ['development', 'production'])
                choice(name: 'REGION', choices: 'westeurope\\nnortheurope')
                password(name: 'API_KEY', defaultValue: 'changeme')
                string name: 'BARE', defaultValue: 'no parentheses'
              }
              stages {
                stage('Build') { steps { sh 'touch built' } }
                stage('Deploy') { steps { sh 'touch deployed' } }
              }
            }
            """);

    assertThat(description.parameters())
        .extracting(
            ParameterDefinition::type,
            ParameterDefinition::name,
            ParameterDefinition::defaultValue,
            ParameterDefinition::evaluatedAtRunTime)
        .containsExactly(
            tuple(Type.STRING, "RELEASE", "shop", false),
            tuple(Type.TEXT, "NOTES", "a\nb", false),
            tuple(Type.BOOLEAN, "DRY_RUN", true, false),
            tuple(Type.CHOICE, "ENVIRONMENT", "development", false),
            tuple(Type.CHOICE, "REGION", "westeurope", false),
            tuple(Type.PASSWORD, "API_KEY", "changeme", false),
            tuple(Type.STRING, "BARE", "no parentheses", false));
    assertThat(description.parameters().get(0).description()).isEqualTo("Helm release");
    assertThat(description.parameters().get(0).trim()).isTrue();
    assertThat(description.parameters().get(3).choices())
        .containsExactly("development", "production");
    assertThat(description.parameters().get(4).choices())
        .containsExactly("westeurope", "northeurope");
    assertThat(description.stages()).containsExactly("Build", "Deploy");
    assertThat(Files.exists(workspace.resolve("built"))).isFalse();
    assertThat(Files.exists(workspace.resolve("deployed"))).isFalse();
  }

  @Test
  void aDefaultThatIsNotALiteralIsShownAsItsExpressionForTheRunToEvaluate() {
    PipelineDescription description =
        describe(
            """
            def fallback = 'shop'
            pipeline {
              agent any
              parameters {
                string(name: 'BRANCH', defaultValue: env.BRANCH_NAME)
                string(name: 'RELEASE', defaultValue: fallback)
                string(name: 'TAG', defaultValue: "${env.BUILD_NUMBER}-rc")
                booleanParam(name: 'FAST', defaultValue: env.FAST == 'true')
                choice(name: 'TARGET', choices: targets())
              }
              stages { stage('A') { steps { echo params.BRANCH } } }
            }
            """);

    assertThat(description.parameters())
        .extracting(
            ParameterDefinition::name,
            ParameterDefinition::defaultValue,
            ParameterDefinition::defaultExpression)
        .containsExactly(
            tuple("BRANCH", null, "env.BRANCH_NAME"),
            tuple("RELEASE", null, "fallback"),
            tuple("TAG", null, "\"${env.BUILD_NUMBER}-rc\""),
            tuple("FAST", null, "env.FAST == 'true'"),
            tuple("TARGET", null, "targets()"));
    assertThat(description.parameters()).allMatch(ParameterDefinition::evaluatedAtRunTime);
    assertThat(description.parameters().get(4).choices()).isEmpty();
  }

  @Test
  void describingRunsNoCodeOfTheJenkinsfile() throws Exception {
    Path marker = workspace.resolve("marker");
    String path = marker.toString().replace("\\", "\\\\");
    PipelineDescription description =
        describe(
            "new File('"
                + path
                + "').text = 'x'\n"
                + "System.exit(1)\n"
                + "@groovy.transform.ASTTest(value = { new File('"
                + path
                + "').text = 'ast' })\n"
                + "def annotated = 1\n"
                + "class Boom { static { System.exit(3) } }\n"
                + "pipeline {\n"
                + "  agent any\n"
                + "  parameters { string(name: 'X', defaultValue: new File('"
                + path
                + "').text) }\n"
                + "  stages { stage('Only') { steps { sh 'touch ran' } } }\n"
                + "}\n");

    // the JVM is still here (System.exit was not called), and nothing was written
    assertThat(Files.exists(marker)).isFalse();
    assertThat(Files.exists(workspace.resolve("ran"))).isFalse();
    assertThat(description.parameters().get(0).defaultExpression())
        .isEqualTo("new File('" + path + "').text");
    assertThat(description.stages()).containsExactly("Only");
  }

  @Test
  void aScriptedPipelineIsDescribedFromItsPropertiesAndItsOutermostStages() {
    PipelineDescription description =
        describe(
            """
            properties([
              disableConcurrentBuilds(),
              parameters([
                string(name: 'TARGET', defaultValue: 'dev', description: 'where to'),
                booleanParam(name: 'CLEAN', defaultValue: false),
                choice(name: 'SIZE', choices: ['s', 'm'])
              ])
            ])
            node {
              stage('Checkout') { checkout scm }
              stage('Build') {
                stage('inner, not a top-level stage') { sh 'make' }
              }
            }
            """);

    assertThat(description.parameters())
        .extracting(ParameterDefinition::type, ParameterDefinition::name)
        .containsExactly(
            tuple(Type.STRING, "TARGET"), tuple(Type.BOOLEAN, "CLEAN"), tuple(Type.CHOICE, "SIZE"));
    assertThat(description.stages()).containsExactly("Checkout", "Build");
    assertThat(describe("def scripted = true").parameters()).isEmpty();
  }

  @Test
  void aParameterKindOutsideTheOneListIsRefusedWithItsPlace() {
    assertThatThrownBy(
            () ->
                describe(
                    """
                    pipeline {
                      agent any
                      parameters {
                        number(name: 'COUNT', defaultValue: 1)
                      }
                      stages { stage('A') { steps { echo 'a' } } }
                    }
                    """))
        .isInstanceOf(PipelineDescriber.PipelineDescriptionException.class)
        .hasMessageContaining("Invalid parameter type \"number\"")
        .hasMessageContaining(Type.symbols().toString())
        .hasMessageContaining("@ line 4, column 5.");
  }

  @Test
  void aJenkinsfileThatDoesNotCompileSaysSoWithItsPlace() {
    assertThatThrownBy(() -> describe("pipeline {\n  agent any\n  stages {\n"))
        .isInstanceOf(PipelineDescriber.PipelineDescriptionException.class)
        .hasMessageContaining("does not compile")
        .hasMessageMatching("(?s).*@ line \\d+, column \\d+\\..*");
  }

  @Test
  void deepNestingIsRefusedQuicklyInsteadOfHangingTheDashboard() {
    StringBuilder text = new StringBuilder("pipeline {\n  agent any\n  stages {\n");
    text.append("stage('s') { stages {\n".repeat(1000));
    text.append("} }\n".repeat(1000)).append("  }\n}\n");

    assertThatThrownBy(() -> describe(text.toString()))
        .isInstanceOf(PipelineDescriber.PipelineDescriptionException.class)
        .hasMessageContaining("nesting deeper than " + JenkinsfileLimits.MAX_NESTING);
  }

  /**
   * Issue 11: a Jenkinsfile whose form cannot be read is a 422 naming the fault. A long chain of
   * casts (no brackets nested, so under the nesting limit) overflowed the parser's stack, and GET
   * /api/pipelines/{name} answered a bare 500 "Server Error" after seconds of CPU.
   */
  @Test
  void anExpressionTooDeepForTheParserIsRefusedWithItsPlaceWithinTenSeconds() {
    String text =
        "def x = "
            + "(int) ".repeat(50_000)
            + "1\npipeline {\n  agent any\n  stages { stage('a') { steps { echo 'a' } } }\n}\n";

    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () ->
            assertThatThrownBy(() -> describe(text))
                .isInstanceOf(PipelineDescriber.PipelineDescriptionException.class)
                .hasMessageMatching("(?s).*line \\d+, column \\d+.*"));
  }
}
