package dev.tagship.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tagship.testing.KubeControlPlane;
import dev.tagship.testing.RealChart;
import dev.tagship.testing.TestDeploys;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each public chart of {@link RealChart}, deployed by tagship on the real control plane: its
 * install with good values rolls out and is recorded good; an upgrade whose main workload
 * crash-loops is found failed, naming the pod and the reason. One namespace per chart.
 */
@EnabledIfEnvironmentVariable(
    named = RealChart.ROOT_VARIABLE,
    matches = ".+",
    disabledReason =
        "the public charts are not committed: set TAGSHIP_REAL_CHARTS to a folder holding them"
            + " (see RealChart)")
class RealChartsTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final Duration WITHIN = Duration.ofSeconds(60);

  @TempDir static Path temp;
  static KubeControlPlane plane;
  static KubernetesClient client;
  static ClusterAccess cluster;
  static Path root;

  @BeforeAll
  static void start() {
    root = RealChart.root(System.getenv());
    plane = KubeControlPlane.start(temp);
    client = plane.client();
    cluster = ClusterAccess.fromFile(plane.kubeconfig());
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (plane != null) {
      plane.close();
    }
  }

  private final ReleaseDeployer deployer = new ReleaseDeployer(event -> {});

  @ParameterizedTest
  @EnumSource(RealChart.class)
  void goodValuesRollOutAndACrashingUpgradeIsFoundFailedNamingItsPod(RealChart chart) {
    Path folder = chart.chart(root);
    String namespace = chart.folder();

    DeployResult good = deploy(chart, folder, namespace, chart.goodValues().toArray(String[]::new));

    assertThat(good.verification().succeeded())
        .as("%s: %s %s", chart, good.verification().summary(), good.verification().problems())
        .isTrue();
    assertThat(good.revision()).isEqualTo(1);
    assertThat(good.verification().summary()).doesNotStartWith("0 workload(s)");
    assertThat(mainWorkload(chart, namespace))
        .as("%s %s in %s", chart.workload().kind(), chart.workloadName(), namespace)
        .isNotNull();
    assertThat(history(chart, namespace))
        .singleElement()
        .satisfies(revision -> assertThat(revision.good()).isTrue());

    DeployResult broken =
        deploy(chart, folder, namespace, chart.breakingValues().toArray(String[]::new));

    assertThat(broken.revision()).isEqualTo(2);
    assertThat(broken.verification().outcome())
        .as("%s: %s", chart, broken.verification().summary())
        .isEqualTo(Verification.Outcome.FAILED);
    assertThat(broken.verification().summary())
        .contains("pod " + chart.workloadName() + "-")
        .contains("CrashLoopBackOff");
    assertThat(history(chart, namespace))
        .last()
        .satisfies(revision -> assertThat(revision.good()).isFalse());
    System.out.printf(
        "%s %s: good install %d ms, crashing upgrade found failed after %d ms: %s%n",
        chart.folder(),
        chart.version(),
        good.durationMillis(),
        broken.durationMillis(),
        broken.verification().summary());
    assertThat(Duration.ofMillis(good.durationMillis())).isLessThan(WITHIN);
    assertThat(Duration.ofMillis(broken.durationMillis())).isLessThan(WITHIN);
  }

  private DeployResult deploy(RealChart chart, Path folder, String namespace, String... set) {
    return deployer.deploy(
        TestDeploys.request(chart.release(), folder, namespace, null, TIMEOUT, cluster, set));
  }

  private java.util.List<RevisionInfo> history(RealChart chart, String namespace) {
    return deployer.history(chart.release(), namespace, cluster);
  }

  private static HasMetadata mainWorkload(RealChart chart, String namespace) {
    var apps = client.apps();
    return switch (chart.workload()) {
      case DEPLOYMENT ->
          apps.deployments().inNamespace(namespace).withName(chart.workloadName()).get();
      case STATEFUL_SET ->
          apps.statefulSets().inNamespace(namespace).withName(chart.workloadName()).get();
      case DAEMON_SET ->
          apps.daemonSets().inNamespace(namespace).withName(chart.workloadName()).get();
    };
  }
}
