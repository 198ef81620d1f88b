package dev.tagship.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pipeline cannot touch the dashboard: each run the dashboard starts is a process of its own,
 * whose exit, exhausted memory or endless loop ends that run, recorded, and never the dashboard.
 */
class DashboardRunIsolationTest {

  /** A variable of the dashboard's process that it was not told to give runs. */
  private static final String DASHBOARDS_OWN =
      System.getenv().keySet().stream()
          .filter(name -> !List.of("PATH", "HOME").contains(name))
          .findFirst()
          .orElseThrow();

  @TempDir static Path root;
  static DashboardFixture web;

  @BeforeAll
  static void start() throws Exception {
    web = DashboardFixture.start(root, List.<DashboardCluster>of(), List.of("default"));
    web.pipeline(
        "exits",
        "pipeline { agent any; stages { stage('Leave') { steps {"
            + " echo 'leaving'; script { System.exit(0) } } } } }");
    web.pipeline(
        "greedy",
        "pipeline { agent any; stages { stage('Eat') { steps { script {"
            + " def kept = []; while (true) { kept << new byte[64 * 1024 * 1024] } } } } } }");
    web.pipeline(
        "loops",
        "pipeline { agent any; stages { stage('Spin') { steps { echo 'spinning'; script {"
            + " long n = 0; while (true) { n++ } } } } } }");
    web.pipeline(
        "sleeps",
        """
        pipeline {
          agent any
          stages {
            stage('Wait') {
              steps {
                sh 'echo sleeping; sleep 300'
              }
            }
          }
          post {
            aborted {
              echo 'post: aborted'
            }
          }
        }
        """);
    web.pipeline(
        "looks",
        "pipeline { agent any; stages { stage('Look') { steps {"
            + " echo \"dashboard's own variable: ${System.getenv('"
            + DASHBOARDS_OWN
            + "')}\" } } } }");
  }

  @Test
  void aRunsProcessHoldsNoSecretOfTheEnvironmentItIsGivenWhereAStepCouldReadIt() throws Exception {
    web.pipeline(
        "peeks",
        """
        pipeline {
          agent any
          stages {
            stage('Peek') {
              steps {
                sh 'tr "\\\\0" "\\\\n" < /proc/$PPID/environ | rev'
                sh 'env | rev'
                echo "getenv: ${System.getenv('TAGSHIP_REGISTRY_PASSWORD')}"
              }
            }
          }
        }
        """);

    JsonNode run = finished(startRun("peeks"));

    assertThat(run.get("result").asText()).as(log(run)).isEqualTo("SUCCESS");
    String reversed = new StringBuilder(DashboardFixture.REGISTRY_PASSWORD).reverse().toString();
    assertThat(log(run))
        .contains("=HTAP")
        .doesNotContain(reversed)
        .doesNotContain("DROWSSAP_YRTSIGER")
        .contains("getenv: null");
  }

  @Test
  void readingAPipelinesFormRunsNoneOfItsCodeAndItsComputedDefaultIsWorkedOutByTheRun()
      throws Exception {
    Path marker = root.resolve("touched-by-describing");
    web.pipeline(
        "computes",
        "new File('"
            + marker
            + "').text = 'ran'\n"
            + "System.exit(3)\n"
            + "pipeline { agent any\n"
            + "  parameters { string(name: 'TARGET', defaultValue: \"dev-${env.BUILD_NUMBER}\") }\n"
            + "  stages { stage('Show') { steps { echo \"target: ${params.TARGET}\" } } } }\n");

    HttpResponse<String> form = web.get("/api/pipelines/computes");

    assertThat(form.statusCode()).as(form.body()).isEqualTo(200);
    JsonNode parameter = DashboardFixture.json(form).get("parameters").get(0);
    assertThat(parameter.get("defaultExpression").asText())
        .isEqualTo("\"dev-${env.BUILD_NUMBER}\"");
    assertThat(parameter.get("default").isNull()).isTrue();
    assertThat(marker).doesNotExist();
    assertThat(web.get("/api/runs").statusCode()).as("the dashboard is still there").isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    web.close();
  }

  @Test
  void aPipelineThatExitsItsProcessFailsThatRunAndTheDashboardGoesOn() throws Exception {
    JsonNode run = finished(startRun("exits"));

    assertThat(run.get("result").asText()).isEqualTo("FAILURE");
    assertThat(log(run)).contains("leaving");
    assertThat(run.get("error").asText()).contains("exit code 0").contains("before the run did");
    assertThat(web.get("/api/runs").statusCode()).isEqualTo(200);
  }

  @Test
  void aPipelineThatExhaustsItsMemoryFailsThatRunAndTheDashboardGoesOn() throws Exception {
    JsonNode run = finished(startRun("greedy"));

    assertThat(run.get("result").asText()).isEqualTo("FAILURE");
    assertThat(run.get("error").asText()).contains("OutOfMemoryError");
    assertThat(web.get("/api/runs").statusCode()).isEqualTo(200);
  }

  @Test
  void anAbortedStepIsStoppedAndThePostConditionsRun() throws Exception {
    long id = startRun("sleeps");
    web.awaitRun(id, json -> log(json).contains("sleeping"));

    HttpResponse<String> abort = web.post("/api/runs/" + id + "/abort", Map.of());

    assertThat(abort.statusCode()).isEqualTo(202);
    JsonNode run = finished(id);
    assertThat(run.get("result").asText()).isEqualTo("ABORTED");
    assertThat(log(run)).contains("post: aborted").endsWith("Finished: ABORTED");
    assertThat(web.post("/api/runs/" + id + "/abort", Map.of()).statusCode())
        .as("an ended run cannot be aborted again")
        .isEqualTo(409);
  }

  @Test
  void anEndlessLoopIsKilledWhenItIgnoresTheAbort() throws Exception {
    long id = startRun("loops");
    web.awaitRun(id, json -> log(json).contains("spinning"));

    web.post("/api/runs/" + id + "/abort", Map.of());

    JsonNode run = finished(id);
    assertThat(run.get("result").asText()).isEqualTo("ABORTED");
    assertThat(run.get("error").asText()).contains("its process was killed");
  }

  @Test
  void aRunSeesTheEnvironmentGivenForRunsNotTheDashboardsOwn() throws Exception {
    JsonNode run = finished(startRun("looks"));

    assertThat(run.get("result").asText()).isEqualTo("SUCCESS");
    assertThat(log(run)).contains("dashboard's own variable: null");
  }

  private static long startRun(String pipeline) {
    HttpResponse<String> started = web.post("/api/pipelines/" + pipeline + "/runs", Map.of());
    assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
    return DashboardFixture.json(started).get("id").asLong();
  }

  private static JsonNode finished(long id) throws InterruptedException {
    return web.awaitRun(id, json -> !json.get("result").isNull());
  }

  private static String log(JsonNode run) {
    StringBuilder text = new StringBuilder();
    run.get("log").get("lines").forEach(line -> text.append(line.asText()).append('\n'));
    return text.toString().strip();
  }
}
