package dev.tagship.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tagship.testing.KubeNamespace;
import dev.tagship.testing.TestCharts;
import dev.tagship.testing.TestDeploys;
import dev.tagship.testing.WithKubeControlPlane;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deploy's --timeout covers Helm's hooks too (issue 12, defect 6), and a hook that fails or never
 * finishes is named with what its pods show, on a real control plane.
 */
@WithKubeControlPlane
class HookTimeoutTest {

  @TempDir static Path temp;
  static Path chart;

  @BeforeAll
  static void makeChart() {
    chart = chartWithMigrationHook(temp.resolve("charts"));
  }

  private final ReleaseDeployer deployer = new ReleaseDeployer(e -> {});

  private DeployResult deploy(KubeNamespace kube, String tag, Duration timeout) {
    return deployer.deploy(
        TestDeploys.request("shop", chart, kube.name(), tag, timeout, kube.cluster()));
  }

  @Test
  void aFailingHookIsNamedWithItsJobAndPod(KubeNamespace kube) {
    assertThat(deploy(kube, "1.0", Duration.ofSeconds(60)).verification().succeeded()).isTrue();

    assertThatThrownBy(() -> deploy(kube, "crash", Duration.ofSeconds(60)))
        .isInstanceOf(DeployException.class)
        .hasMessageStartingWith(
            "helm upgrade of shop failed: pre-upgrade hooks failed: job shop-migrate failed:"
                + " BackoffLimitExceeded")
        .hasMessageContaining(
            "pre-upgrade hook Job shop-migrate (shop/templates/migrate.yaml): Job Failed:"
                + " BackoffLimitExceeded; pod shop-migrate-")
        .hasMessageContaining("Failed, container migrate terminated: Error (exit code 1)")
        .hasMessageNotContaining("error occurred")
        .hasMessageNotContaining("\n");
  }

  @Test
  void aStuckHookEndsTheDeployWithinItsTimeoutAndIsNamedWithItsPod(KubeNamespace kube) {
    assertThat(deploy(kube, "1.0", Duration.ofSeconds(60)).verification().succeeded()).isTrue();

    long started = System.nanoTime();
    assertThatThrownBy(() -> deploy(kube, "hang", Duration.ofSeconds(15)))
        .isInstanceOf(DeployException.class)
        .hasMessageStartingWith(
            "helm upgrade of shop failed: pre-upgrade hooks failed: timed out waiting for the"
                + " condition")
        .hasMessageContaining(
            "pre-upgrade hook Job shop-migrate (shop/templates/migrate.yaml): did not finish; pod"
                + " shop-migrate-")
        .hasMessageContaining("Running, container migrate running")
        .hasMessageNotContaining("error occurred")
        .hasMessageNotContaining("\n");
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    // Helm's own default would hold the hook for 5 minutes
    assertThat(took).isLessThan(Duration.ofSeconds(60));
    System.out.println("stuck hook reported after " + took.toMillis() + " ms (timeout 15 s)");
  }

  static Path chartWithMigrationHook(Path dir) {
    Path chart = TestCharts.smallShop(dir, "");
    TestCharts.write(
        chart.resolve("templates/migrate.yaml"),
        """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: shop-migrate
          annotations:
            helm.sh/hook: pre-upgrade
        spec:
          backoffLimit: 0
          template:
            spec:
              restartPolicy: Never
              containers:
                - name: migrate
                  image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
        """);
    return chart;
  }
}
