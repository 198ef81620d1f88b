package dev.tagship.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tagship.deploy.ClusterAccess;
import dev.tagship.sandbox.kube.KubeApiStandIn;
import dev.tagship.testing.TestCharts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in a real browser: Debian's headless Chromium, driven by playwright-core from npm
 * ({@code src/test/browser/dashboard.mjs}), signs in, opens a run, sees its stages, answers a
 * waiting input, sees the releases of two clusters and a third reported unreachable, presses the
 * rollback button of one cluster's release and sees the new revision. Screenshots go to {@code
 * target/screenshots/}.
 */
class DashboardBrowserTest {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path SCRIPT = Path.of("src/test/browser/dashboard.mjs");

  @TempDir Path root;

  @Test
  void signInFollowARunAnswerAnInputAndRollBackOnOneClusterWithTheButton() throws Exception {
    assumeTrue(
        Files.isExecutable(CHROMIUM),
        "no Chromium at /usr/bin/chromium: apt-get install chromium (.ci/run does)");
    assumeTrue(nodeRuns(), "no node on the PATH: apt-get install nodejs npm (.ci/run does)");
    assertThat(Path.of("node_modules/playwright-core"))
        .as("playwright-core is missing: run npm ci at the repository root (.ci/run does)")
        .isDirectory();

    try (KubeApiStandIn blue = KubeApiStandIn.start();
        KubeApiStandIn green = KubeApiStandIn.start()) {
      ClusterAccess blueAccess = new ClusterAccess(blue.kubeconfigContents());
      ClusterAccess greenAccess = new ClusterAccess(green.kubeconfigContents());
      Path chart = TestCharts.deployment(root.resolve("charts"), "shop");
      DashboardFixture.deployShop(blueAccess, chart, "development", "1.27.1", "1.27.2");
      DashboardFixture.deployShop(greenAccess, chart, "development", "2.0.0", "2.0.1");
      List<DashboardCluster> clusters =
          List.of(
              new DashboardCluster("blue", blueAccess),
              new DashboardCluster("green", greenAccess),
              new DashboardCluster("down", DashboardFixture.closedPortCluster(blue)));
      try (DashboardFixture web = DashboardFixture.start(root, clusters, List.of("development"))) {
        web.pipeline("deploy", DashboardApiTest.DEPLOY);
        web.pipeline("approve", DashboardApiTest.APPROVE);
        long id =
            DashboardFixture.json(web.post("/api/pipelines/deploy/runs", Map.of()))
                .get("id")
                .asLong();
        web.awaitRun(id, json -> !json.get("result").isNull());
        long waiting =
            DashboardFixture.json(web.post("/api/pipelines/approve/runs", Map.of()))
                .get("id")
                .asLong();
        web.awaitRun(waiting, json -> json.get("inputs").size() == 1);

        Path screenshots = Files.createDirectories(Path.of("target", "screenshots"));
        Path output = screenshots.resolve("browser-test.log");
        ProcessBuilder node =
            new ProcessBuilder("node", SCRIPT.toString())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        node.environment().put("DASHBOARD_URL", "http://127.0.0.1:" + web.dashboard.port() + "/");
        node.environment().put("DASHBOARD_TOKEN", DashboardFixture.TOKEN);
        node.environment().put("DASHBOARD_RUN", Long.toString(id));
        node.environment().put("DASHBOARD_WAITING_RUN", Long.toString(waiting));
        node.environment().put("SCREENSHOTS", screenshots.toAbsolutePath().toString());
        node.environment().put("CHROMIUM", CHROMIUM.toString());
        Process browser = node.start();
        boolean finished = browser.waitFor(4, TimeUnit.MINUTES);
        if (!finished) {
          browser.destroyForcibly();
        }
        String log = Files.readString(output, StandardCharsets.UTF_8);

        assertThat(finished).as("the browser test finished within 4 minutes: " + log).isTrue();
        assertThat(browser.exitValue()).as(log).isZero();
        assertThat(log)
            .contains("signed in and saw the runs")
            .contains("saw its stages and log")
            .contains("answered the input from the page")
            .contains("saw cluster down unreachable")
            .contains("saw revision 3");
        assertThat(screenshots.resolve("05-rolled-back.png")).isNotEmptyFile();
        JsonNode answered = web.awaitRun(waiting, json -> !json.get("result").isNull());
        assertThat(answered.get("result").asText()).isEqualTo("SUCCESS");
        assertThat(answered.get("log").get("lines").toString())
            .contains("Approved by Dana")
            .contains("shipping to prod");
        assertThat(green.deploymentImage("development", "shop")).endsWith(":2.0.0");
        assertThat(blue.deploymentImage("development", "shop")).endsWith(":1.27.2");
      }
    }
  }

  private static boolean nodeRuns() {
    try {
      Process version = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      version.getInputStream().readAllBytes();
      return version.waitFor(30, TimeUnit.SECONDS) && version.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
