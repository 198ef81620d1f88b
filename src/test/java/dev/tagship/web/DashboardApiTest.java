package dev.tagship.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tagship.deploy.ClusterAccess;
import dev.tagship.sandbox.kube.KubeApiStandIn;
import dev.tagship.testing.TestCharts;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSON API against the real server: runs started with parameters and followed, a bad parameter
 * refused, an input answered, a release rolled back on the Kubernetes stand-in, and the metrics.
 */
class DashboardApiTest {

  @TempDir static Path root;
  static KubeApiStandIn kube;
  static DashboardFixture web;

  static final String DEPLOY =
      """
      pipeline {
        agent any
        parameters {
          choice(name: 'ENVIRONMENT', choices: ['development', 'production'], description: 'Where to')
          booleanParam(name: 'DRY_RUN', defaultValue: false)
          password(name: 'API_KEY', defaultValue: 'none')
          string(name: 'VERSION', defaultValue: '1.0.0')
        }
        stages {
          stage('Build') { steps { echo "building ${params.VERSION}" } }
          stage('Checks') {
            parallel {
              stage('Unit') { steps { echo 'unit' } }
              stage('Lint') { steps { echo "key ${params.API_KEY}" } }
            }
          }
          stage('Deploy') { steps { echo "deploying to ${params.ENVIRONMENT} dry ${params.DRY_RUN}" } }
        }
      }
      """;

  /** Waits for an answer to "Ship it?" (TARGET: dev or prod), then says where it ships. */
  static final String APPROVE =
      """
      pipeline {
        agent any
        stages {
          stage('Approve') {
            steps {
              script {
                def target = input(message: 'Ship it?', ok: 'Ship', parameters: [choice(name: 'TARGET', choices: ['dev', 'prod'])])
                echo "shipping to ${target}"
              }
            }
          }
        }
      }
      """;

  @BeforeAll
  static void start() throws Exception {
    kube = KubeApiStandIn.start();
    web =
        DashboardFixture.start(
            root, new ClusterAccess(kube.kubeconfigContents()), List.of("development"));
    web.pipeline("deploy", DEPLOY);
    web.pipeline("approve", APPROVE);
  }

  @AfterAll
  static void stop() {
    web.close();
    kube.close();
  }

  @Test
  void listsPipelinesAndTheirParametersWithoutPasswordDefaults() {
    JsonNode pipelines = DashboardFixture.json(web.get("/api/pipelines"));
    JsonNode deploy = DashboardFixture.json(web.get("/api/pipelines/deploy"));

    assertThat(pipelines.findValuesAsText("name")).contains("approve", "deploy");
    assertThat(deploy.get("stages").toString()).isEqualTo("[\"Build\",\"Checks\",\"Deploy\"]");
    assertThat(deploy.get("parameters").findValuesAsText("type"))
        .containsExactly("choice", "booleanParam", "password", "string");
    JsonNode password = deploy.get("parameters").get(2);
    assertThat(password.get("default").isNull()).isTrue();
    assertThat(password.get("hasDefault").asBoolean()).isTrue();
    assertThat(deploy.toString()).doesNotContain("\"none\"");
    assertThat(web.get("/api/pipelines/missing").statusCode()).isEqualTo(404);
  }

  @Test
  void startsARunWithParametersAndFollowsItsStagesAndLog() throws Exception {
    HttpResponse<String> started =
        web.post(
            "/api/pipelines/deploy/runs",
            Map.of("ENVIRONMENT", "production", "DRY_RUN", true, "API_KEY", "s3cret-key-42"));

    assertThat(started.statusCode()).isEqualTo(201);
    long id = DashboardFixture.json(started).get("id").asLong();
    JsonNode run = web.awaitRun(id, json -> !json.get("result").isNull());

    assertThat(run.get("id").asLong()).isEqualTo(id);
    assertThat(run.get("pipeline").asText()).isEqualTo("deploy");
    assertThat(run.get("result").asText()).isEqualTo("SUCCESS");
    assertThat(run.get("startedAt").asText()).isNotBlank();
    assertThat(run.get("duration").asLong()).isNotNegative();
    assertThat(run.get("parameters").get("ENVIRONMENT").asText()).isEqualTo("production");
    assertThat(run.get("parameters").get("API_KEY").asText()).isNotEqualTo("s3cret-key-42");
    assertThat(run.get("stages").findValuesAsText("name"))
        .contains("Build", "Checks", "Unit", "Lint", "Deploy");
    Map<String, JsonNode> byName = new java.util.HashMap<>();
    run.get("stages").forEach(stage -> byName.put(stage.get("name").asText(), stage));
    String checks = byName.get("Checks").get("id").asText();
    assertThat(byName.get("Unit").get("parentId").asText()).isEqualTo(checks);
    assertThat(byName.get("Lint").get("parentId").asText()).isEqualTo(checks);
    assertThat(byName.get("Deploy").get("parentId").isNull()).isTrue();
    assertThat(run.get("stages").findValuesAsText("status")).containsOnly("SUCCESS");
    String log = run.get("log").get("lines").toString();
    assertThat(log).contains("deploying to production dry true").doesNotContain("s3cret-key-42");
    Map<String, String> stageOfLine = new java.util.HashMap<>();
    JsonNode lines = run.get("log").get("lines");
    JsonNode stageIds = run.get("log").get("stageIds");
    assertThat(stageIds).hasSameSizeAs(lines);
    for (int i = 0; i < lines.size(); i++) {
      stageOfLine.put(lines.get(i).asText(), stageIds.get(i).asText(null));
    }
    assertThat(stageOfLine)
        .containsEntry("deploying to production dry true", byName.get("Deploy").get("id").asText())
        .containsEntry("[Unit] unit", byName.get("Unit").get("id").asText())
        .containsEntry("[Pipeline] { (Deploy)", byName.get("Deploy").get("id").asText())
        .containsEntry("[Pipeline] { (Branch: Unit)", checks)
        .containsEntry("Finished: SUCCESS", null);

    int total = run.get("log").get("next").asInt();
    JsonNode tail = DashboardFixture.json(web.get("/api/runs/" + id + "?from=" + (total - 1)));
    assertThat(tail.get("log").get("lines")).hasSize(1);
    assertThat(tail.get("log").get("lines").get(0).asText()).contains("Finished: SUCCESS");
    assertThat(DashboardFixture.json(web.get("/api/runs")).findValuesAsText("pipeline"))
        .contains("deploy");
  }

  @Test
  void aParameterThePipelineRefusesIsA400NamingItAndNothingRuns() {
    int before = DashboardFixture.json(web.get("/api/runs")).size();

    HttpResponse<String> badChoice =
        web.post("/api/pipelines/deploy/runs", Map.of("ENVIRONMENT", "moon"));
    HttpResponse<String> badBoolean =
        web.post("/api/pipelines/deploy/runs", Map.of("DRY_RUN", "maybe"));
    HttpResponse<String> unknown = web.post("/api/pipelines/deploy/runs", Map.of("COLOUR", "red"));

    assertThat(badChoice.statusCode()).isEqualTo(400);
    JsonNode choice = DashboardFixture.json(badChoice);
    assertThat(choice.get("parameter").asText()).isEqualTo("ENVIRONMENT");
    assertThat(choice.get("error").asText()).contains("development").contains("moon");
    assertThat(DashboardFixture.json(badBoolean).get("parameter").asText()).isEqualTo("DRY_RUN");
    assertThat(DashboardFixture.json(unknown).get("parameter").asText()).isEqualTo("COLOUR");
    assertThat(DashboardFixture.json(web.get("/api/runs")).size()).isEqualTo(before);
  }

  @Test
  void aWaitingInputShowsInTheRunAndIsAnsweredThroughTheApi() throws Exception {
    long id =
        DashboardFixture.json(web.post("/api/pipelines/approve/runs", Map.of())).get("id").asLong();
    JsonNode waiting = web.awaitRun(id, json -> json.get("inputs").size() == 1);
    JsonNode input = waiting.get("inputs").get(0);
    assertThat(waiting.get("result").isNull()).isTrue();
    assertThat(input.get("message").asText()).isEqualTo("Ship it?");
    assertThat(input.get("ok").asText()).isEqualTo("Ship");
    assertThat(input.get("stage").asText()).isEqualTo("Approve");

    HttpResponse<String> badValue =
        web.post(
            "/api/runs/" + id + "/input/" + input.get("id").asText(),
            Map.of("proceed", true, "values", Map.of("TARGET", "moon")));
    HttpResponse<String> answered =
        web.post(
            "/api/runs/" + id + "/input/" + input.get("id").asText(),
            Map.of("proceed", true, "values", Map.of("TARGET", "prod")));

    assertThat(badValue.statusCode()).isEqualTo(400);
    assertThat(answered.statusCode()).isEqualTo(200);
    JsonNode run = web.awaitRun(id, json -> !json.get("result").isNull());
    assertThat(run.get("result").asText()).isEqualTo("SUCCESS");
    assertThat(run.get("log").get("lines").toString())
        .contains("Approved by ci-bot")
        .contains("shipping to prod");
    assertThat(
            web.post("/api/runs/" + id + "/input/" + input.get("id").asText(), Map.of())
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void rollsAReleaseBackToTheChosenRevisionAndRecordsWhoDidIt() throws Exception {
    Path chart = TestCharts.deployment(root.resolve("charts"), "shop");
    DashboardFixture.deployShop(
        new ClusterAccess(kube.kubeconfigContents()), chart, "development", "1.27.1", "1.27.2");
    JsonNode releases = DashboardFixture.json(web.get("/api/releases"));
    assertThat(releases).hasSize(1);
    assertThat(releases.get(0).get("release").asText()).isEqualTo("shop");
    assertThat(releases.get(0).get("cluster").asText()).isEqualTo("default");
    assertThat(releases.get(0).get("current").asInt()).isEqualTo(2);
    assertThat(releases.get(0).get("revisions").get(0).get("version").asText()).isEqualTo("1.27.2");
    assertThat(releases.get(0).get("revisions").get(0).get("good").asBoolean()).isTrue();

    HttpResponse<String> rolledBack =
        web.post("/api/releases/development/shop/rollback", Map.of("revision", 1));

    assertThat(rolledBack.statusCode()).isEqualTo(200);
    JsonNode result = DashboardFixture.json(rolledBack);
    assertThat(result.get("fromRevision").asInt()).isEqualTo(2);
    assertThat(result.get("restoredRevision").asInt()).isEqualTo(1);
    assertThat(result.get("newRevision").asInt()).isEqualTo(3);
    assertThat(result.get("verification").get("succeeded").asBoolean()).isTrue();
    assertThat(result.get("by").asText()).isEqualTo("ci-bot");
    assertThat(kube.deploymentImage("development", "shop")).endsWith(":1.27.1");
    JsonNode history = DashboardFixture.json(web.get("/api/releases/development/shop"));
    assertThat(history.get("current").asInt()).isEqualTo(3);
    assertThat(history.get("revisions").get(0).get("description").asText())
        .contains("rolled back from the dashboard by ci-bot");
    assertThat(
            web.post("/api/releases/production/shop/rollback", Map.of("revision", 1)).statusCode())
        .isEqualTo(404);
    assertThat(
            web.post("/api/releases/development/shop/rollback", Map.of("revision", "one"))
                .statusCode())
        .isEqualTo(400);

    String metrics = web.get("/metrics").body();
    assertThat(metrics)
        .contains("# TYPE tagship_rollbacks_total counter")
        .contains(
            "tagship_rollbacks_total{cluster=\"default\",namespace=\"development\","
                + "outcome=\"succeeded\",release=\"shop\"} 1")
        .contains(
            "tagship_release_revision{cluster=\"default\",namespace=\"development\","
                + "release=\"shop\"} 3")
        .contains("tagship_cluster_up{cluster=\"default\"} 1");
  }

  @Test
  void metricsCountRunsByResultWithTheirDurations() throws Exception {
    long id =
        DashboardFixture.json(web.post("/api/pipelines/deploy/runs", Map.of())).get("id").asLong();
    web.awaitRun(id, json -> !json.get("result").isNull());

    HttpResponse<String> metrics = web.get("/metrics");

    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/plain; version=0.0.4");
    assertThat(metrics.body())
        .contains("# TYPE tagship_runs_total counter")
        .containsPattern("tagship_runs_total\\{pipeline=\"deploy\",result=\"SUCCESS\"} [1-9]")
        .containsPattern("tagship_run_duration_seconds_count\\{pipeline=\"deploy\"} [1-9]")
        .contains("tagship_run_duration_seconds_sum{pipeline=\"deploy\"}");
  }
}
