package dev.tagship.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tagship.testing.KubeNamespace;
import dev.tagship.testing.TestCharts;
import dev.tagship.testing.TestDeploys;
import dev.tagship.testing.WithKubeControlPlane;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rollback is Helm's own (issue 12, defect 1), on a real control plane: a chart with a dependency
 * rolls back, only rollback hooks run, what the chart generated at random is kept, and Helm's
 * record of the new revision says what happened.
 */
@WithKubeControlPlane
class HelmRollbackTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir static Path temp;
  static Path chart;

  @BeforeAll
  static void makeChart() {
    chart = chartWithDependencyAndHooks(temp.resolve("charts"));
  }

  private final ReleaseDeployer deployer = new ReleaseDeployer(e -> {});

  private DeployResult deploy(KubeNamespace kube, String tag) {
    return deployer.deploy(
        TestDeploys.request("shop", chart, kube.name(), tag, TIMEOUT, kube.cluster()));
  }

  private static ConfigMap configMap(KubeNamespace kube, String name) {
    return kube.client().configMaps().inNamespace(kube.name()).withName(name).get();
  }

  private static String generatedPassword(KubeNamespace kube) {
    return kube.client()
        .secrets()
        .inNamespace(kube.name())
        .withName("shop-password")
        .get()
        .getData()
        .get("password");
  }

  @Test
  void aChartWithADependencyRollsBackToTheStoredManifestRunningOnlyRollbackHooks(
      KubeNamespace kube) {
    assertThat(deploy(kube, "1.0").verification().succeeded()).isTrue();
    String firstPassword = generatedPassword(kube);
    assertThat(deploy(kube, "crash").verification().succeeded()).isFalse();
    assertThat(generatedPassword(kube)).isNotEqualTo(firstPassword);
    assertThat(configMap(kube, "pre-upgrade-r2")).isNotNull();

    RollbackResult result =
        deployer.rollback(
            new RollbackRequest(
                "shop", kube.name(), null, TIMEOUT, "crash loop", false, kube.cluster()));

    assertThat(result.restoredRevision()).isEqualTo(1);
    assertThat(result.newRevision()).isEqualTo(3);
    assertThat(result.verification().succeeded()).isTrue();
    assertThat(
            kube.client()
                .apps()
                .deployments()
                .inNamespace(kube.name())
                .withName("shop")
                .get()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getImage())
        .isEqualTo("registry.invalid/shop:1.0");
    // revision 1's stored manifest, not a new rendering: the generated password comes back
    assertThat(generatedPassword(kube)).isEqualTo(firstPassword);
    // the subchart's objects are part of that manifest
    assertThat(configMap(kube, "common-settings").getData()).containsEntry("from", "subchart");
    // revision 1's pre-rollback and post-rollback hooks ran; no upgrade hook ran for revision 3
    assertThat(configMap(kube, "pre-rollback-r1")).isNotNull();
    assertThat(configMap(kube, "post-rollback-r1")).isNotNull();
    assertThat(configMap(kube, "pre-upgrade-r3")).isNull();
    List<RevisionInfo> history = deployer.history("shop", kube.name(), kube.cluster());
    assertThat(history).extracting(RevisionInfo::revision).containsExactly(1, 2, 3);
    assertThat(history.get(2).status()).isEqualTo("deployed");
    assertThat(history.get(2).description()).startsWith("Rollback to 1: crash loop");
    assertThat(history.get(1).status()).isEqualTo("superseded");
  }

  @Test
  void aRevisionHelmNoLongerKeepsIsAClearUsageError(KubeNamespace kube) {
    assertThat(deploy(kube, "1.0").verification().succeeded()).isTrue();

    assertThatThrownBy(
            () ->
                deployer.rollback(
                    new RollbackRequest(
                        "shop", kube.name(), 7, TIMEOUT, null, false, kube.cluster())))
        .isInstanceOf(DeployException.class)
        .hasMessageContaining("has no revision 7");
  }

  /**
   * A chart like bitnami's: its subchart is only in charts/ (Helm's release record keeps none), a
   * Secret generated with randAlphaNum, and hooks named after the revision that rendered them.
   */
  static Path chartWithDependencyAndHooks(Path dir) {
    Path chart =
        TestCharts.smallShop(
            dir,
            """
            dependencies:
              - name: common
                version: 2.x.x
                repository: oci://registry.invalid/charts
            """);
    TestCharts.write(
        chart.resolve("templates/secret.yaml"),
        """
        apiVersion: v1
        kind: Secret
        metadata:
          name: shop-password
        data:
          password: {{ randAlphaNum 24 | b64enc | quote }}
        """);
    for (String hook : List.of("pre-upgrade", "pre-rollback", "post-rollback")) {
      TestCharts.write(
          chart.resolve("templates/" + hook + ".yaml"),
          """
          apiVersion: v1
          kind: ConfigMap
          metadata:
            name: HOOK-r{{ .Release.Revision }}
            annotations:
              helm.sh/hook: HOOK
          data:
            rendered-for: "{{ .Release.Revision }}"
          """
              .replace("HOOK", hook));
    }
    Path common = chart.resolve("charts/common");
    TestCharts.write(
        common.resolve("Chart.yaml"), "apiVersion: v2\nname: common\nversion: 2.31.3\n");
    TestCharts.write(
        common.resolve("templates/settings.yaml"),
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: common-settings
        data:
          from: subchart
        """);
    return chart;
  }
}
