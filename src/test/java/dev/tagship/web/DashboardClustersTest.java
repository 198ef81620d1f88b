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
 * One dashboard over three clusters: two Kubernetes API stand-ins (each reached through its own
 * kubeconfig file) with release {@code shop} deployed to both, and a third whose kubeconfig points
 * at a closed port of 127.0.0.1.
 */
class DashboardClustersTest {

  @TempDir static Path root;
  static KubeApiStandIn alpha;
  static KubeApiStandIn beta;
  static DashboardFixture web;

  @BeforeAll
  static void start() throws Exception {
    alpha = KubeApiStandIn.start();
    beta = KubeApiStandIn.start();
    ClusterAccess alphaAccess = ClusterAccess.fromFile(alpha.kubeconfig(root.resolve("alpha")));
    ClusterAccess betaAccess = ClusterAccess.fromFile(beta.kubeconfig(root.resolve("beta")));
    Path chart = TestCharts.deployment(root.resolve("charts"), "shop");
    DashboardFixture.deployShop(alphaAccess, chart, "development", "1.27.1", "1.27.2");
    DashboardFixture.deployShop(betaAccess, chart, "development", "2.0.0", "2.0.1");
    web =
        DashboardFixture.start(
            root,
            List.of(
                new DashboardCluster("alpha", alphaAccess),
                new DashboardCluster("beta", betaAccess),
                new DashboardCluster("down", DashboardFixture.closedPortCluster(alpha))),
            List.of("development"));
  }

  @AfterAll
  static void stop() {
    web.close();
    alpha.close();
    beta.close();
  }

  @Test
  void listsTheReleasesOfEveryReachableClusterEachWithItsCluster() {
    HttpResponse<String> response = web.get("/api/releases");
    JsonNode releases = DashboardFixture.json(response);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(releases.findValuesAsText("cluster")).containsExactly("alpha", "beta");
    assertThat(releases.findValuesAsText("release")).containsExactly("shop", "shop");
    assertThat(releases.get(0).get("current").asInt()).isEqualTo(2);
    assertThat(releases.get(0).get("revisions").get(0).get("version").asText()).isEqualTo("1.27.2");
    assertThat(releases.get(1).get("revisions").get(0).get("version").asText()).startsWith("2.0.");
    assertThat(response.headers().firstValue(ReleasesApi.UNREACHABLE_HEADER)).contains("down");
  }

  @Test
  void filtersTheReleasesByClusterAndNamesTheClustersForAnUnknownOne() {
    JsonNode onlyBeta = DashboardFixture.json(web.get("/api/releases?cluster=beta"));
    HttpResponse<String> unknown = web.get("/api/releases?cluster=gamma");

    assertThat(onlyBeta.findValuesAsText("cluster")).containsExactly("beta");
    assertThat(onlyBeta.get(0).get("revisions").findValuesAsText("version")).contains("2.0.1");
    assertThat(problemNamingTheClusters(unknown, 404).get("error").asText()).contains("gamma");
  }

  @Test
  void showsOneReleaseOfTheClusterTheQueryNames() {
    JsonNode shop = DashboardFixture.json(web.get("/api/releases/development/shop?cluster=alpha"));
    HttpResponse<String> withoutCluster = web.get("/api/releases/development/shop");

    assertThat(shop.get("cluster").asText()).isEqualTo("alpha");
    assertThat(shop.get("revisions").get(0).get("version").asText()).isEqualTo("1.27.2");
    assertThat(problemNamingTheClusters(withoutCluster, 400).get("error").asText())
        .contains("?cluster=NAME");
  }

  @Test
  void rollsBackOnTheClusterTheBodyNamesAndRecordsIt() {
    int betaBefore =
        DashboardFixture.json(web.get("/api/releases/development/shop?cluster=beta"))
            .get("current")
            .asInt();

    HttpResponse<String> rolledBack =
        web.post(
            "/api/releases/development/shop/rollback", Map.of("cluster", "beta", "revision", 1));

    assertThat(rolledBack.statusCode()).as(rolledBack.body()).isEqualTo(200);
    JsonNode result = DashboardFixture.json(rolledBack);
    assertThat(result.get("cluster").asText()).isEqualTo("beta");
    assertThat(result.get("by").asText()).isEqualTo("ci-bot");
    assertThat(result.get("newRevision").asInt()).isEqualTo(betaBefore + 1);
    assertThat(beta.deploymentImage("development", "shop")).endsWith(":2.0.0");
    assertThat(alpha.deploymentImage("development", "shop")).endsWith(":1.27.2");
    JsonNode shops = DashboardFixture.json(web.get("/api/releases"));
    assertThat(shops.get(0).get("cluster").asText()).isEqualTo("alpha");
    assertThat(shops.get(0).get("current").asInt()).isEqualTo(2);
    assertThat(shops.get(1).get("current").asInt()).isEqualTo(betaBefore + 1);
    JsonNode recorded = DashboardFixture.json(web.get("/api/rollbacks")).get(0);
    assertThat(recorded.get("cluster").asText()).isEqualTo("beta");
    assertThat(recorded.get("by").asText()).isEqualTo("ci-bot");
    assertThat(web.get("/metrics").body())
        .contains(
            "tagship_rollbacks_total{cluster=\"beta\",namespace=\"development\","
                + "outcome=\"succeeded\",release=\"shop\"} 1")
        .doesNotContain("tagship_rollbacks_total{cluster=\"alpha\"");
  }

  @Test
  void aRollbackThatNamesNoClusterIsA400NamingTheClusters() {
    HttpResponse<String> missing =
        web.post("/api/releases/development/shop/rollback", Map.of("revision", 1));
    HttpResponse<String> notAName =
        web.post("/api/releases/development/shop/rollback", Map.of("cluster", 7, "revision", 1));

    assertThat(problemNamingTheClusters(missing, 400).get("error").asText())
        .contains("\"cluster\" in the body");
    assertThat(notAName.statusCode()).isEqualTo(400);
    assertThat(alpha.deploymentImage("development", "shop")).endsWith(":1.27.2");
  }

  @Test
  void aRollbackOnAnUnknownClusterIsA404NamingTheClusters() {
    HttpResponse<String> unknown =
        web.post(
            "/api/releases/development/shop/rollback", Map.of("cluster", "gamma", "revision", 1));

    assertThat(problemNamingTheClusters(unknown, 404).get("error").asText()).contains("gamma");
  }

  @Test
  void anUnreachableClusterIsReportedWhileTheOthersStillList() {
    JsonNode clusters = DashboardFixture.json(web.get("/api/clusters"));
    HttpResponse<String> onlyDown = web.get("/api/releases?cluster=down");
    HttpResponse<String> rollbackOnDown =
        web.post(
            "/api/releases/development/shop/rollback", Map.of("cluster", "down", "revision", 1));
    String metrics = web.get("/metrics").body();

    assertThat(clusters.findValuesAsText("name")).containsExactly("alpha", "beta", "down");
    assertThat(clusters.get(0).get("reachable").asBoolean()).isTrue();
    assertThat(clusters.get(0).get("problem").isNull()).isTrue();
    JsonNode alphaDevelopment = clusters.get(0).get("namespaces").get(0);
    assertThat(alphaDevelopment.get("namespace").asText()).isEqualTo("development");
    assertThat(alphaDevelopment.get("releases").findValuesAsText("release"))
        .containsExactly("shop");
    assertThat(clusters.get(1).get("reachable").asBoolean()).isTrue();
    assertThat(clusters.get(2).get("reachable").asBoolean()).isFalse();
    assertThat(clusters.get(2).get("problem").asText()).contains("cannot be reached");
    assertThat(clusters.get(2).get("namespaces")).isEmpty();
    assertThat(onlyDown.statusCode()).isEqualTo(503);
    assertThat(DashboardFixture.json(onlyDown).get("error").asText())
        .contains("cluster down: the cluster cannot be reached");
    assertThat(rollbackOnDown.statusCode()).isEqualTo(409);
    assertThat(DashboardFixture.json(rollbackOnDown).get("error").asText())
        .contains("the cluster cannot be reached");
    assertThat(metrics)
        .contains("tagship_cluster_up{cluster=\"alpha\"} 1")
        .contains("tagship_cluster_up{cluster=\"beta\"} 1")
        .contains("tagship_cluster_up{cluster=\"down\"} 0")
        .contains(
            "tagship_release_revision{cluster=\"alpha\",namespace=\"development\","
                + "release=\"shop\"} 2")
        .containsPattern(
            "tagship_deployments\\{cluster=\"beta\",namespace=\"development\","
                + "release=\"shop\",verdict=\"good\"} [1-9]")
        .doesNotContainPattern("tagship_(deployments|release_revision)\\{cluster=\"down\"")
        .contains(
            "tagship_rollbacks_total{cluster=\"down\",namespace=\"development\","
                + "outcome=\"error\",release=\"shop\"} 1");
  }

  /** The JSON error of {@code response}, checked for its status and the clusters it names. */
  private static JsonNode problemNamingTheClusters(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonNode problem = DashboardFixture.json(response);
    assertThat(problem.get("error").asText()).contains("alpha, beta, down");
    assertThat(problem.get("parameter").asText()).isEqualTo("cluster");
    assertThat(problem.get("clusters").toString()).isEqualTo("[\"alpha\",\"beta\",\"down\"]");
    return problem;
  }
}
