package dev.tagship.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tagship.testing.CrashLoopWatch;
import dev.tagship.testing.KubeNamespace;
import dev.tagship.testing.RealChart;
import dev.tagship.testing.TestDeploys;
import dev.tagship.testing.WithKubeControlPlane;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each public chart of {@link RealChart}, deployed by tagship on the real control plane: its
 * install with good values rolls out and is recorded good; an upgrade whose main workload
 * crash-loops is found failed, naming the pod and the reason; then, as rollbackOnFailure does,
 * Helm's own rollback goes back to revision 1 (charts with a dependency included) and the cluster
 * runs revision 1's images again. Prints the figures: failure visible (the first
 * CrashLoopBackOff a watch sees) to rollback requested, and the rollback's duration with its
 * verification. One namespace per chart.
 */
@WithKubeControlPlane
@EnabledIfEnvironmentVariable(
    named = RealChart.ROOT_VARIABLE,
    matches = ".+",
    disabledReason =
        "the public charts are not committed: set TAGSHIP_REAL_CHARTS to a folder holding them"
            + " (see RealChart)")
class RealChartsTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final Duration WITHIN = Duration.ofSeconds(60);

  static KubernetesClient client;
  static ClusterAccess cluster;
  static Path root;

  @BeforeAll
  static void start(KubeNamespace kube) {
    root = RealChart.root(System.getenv());
    client = kube.client();
    cluster = kube.cluster();
  }

  private final ReleaseDeployer deployer = new ReleaseDeployer(event -> {});

  @ParameterizedTest
  @EnumSource(RealChart.class)
  void goodValuesRollOutAndACrashingUpgradeIsFoundFailedAndRolledBack(RealChart chart) {
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

    String goodImage = imagesOf(chart, namespace);
    DeployResult broken;
    long crashSeen;
    try (CrashLoopWatch crash = CrashLoopWatch.start(client, namespace)) {
      broken = deploy(chart, folder, namespace, chart.breakingValues().toArray(String[]::new));
      crashSeen = crash.firstSeenNanos();
    }

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

    long requested = System.nanoTime();
    RollbackResult rollback =
        deployer.rollback(
            new RollbackRequest(
                chart.release(),
                namespace,
                null,
                TIMEOUT,
                "crash loop",
                true,
                cluster,
                broken.revision(),
                false));
    long done = System.nanoTime();

    assertThat(rollback.restoredRevision()).isEqualTo(1);
    assertThat(rollback.newRevision()).isEqualTo(3);
    assertThat(rollback.verification().succeeded())
        .as("%s: %s", chart, rollback.verification().summary())
        .isTrue();
    assertThat(imagesOf(chart, namespace)).isEqualTo(goodImage);
    assertThat(history(chart, namespace))
        .extracting(RevisionInfo::status)
        .containsExactly("superseded", "superseded", "deployed");
    System.out.printf(
        "issue 12 figure: %s %s: failure visible to rollback requested %s ms, rollback %d ms,"
            + " cluster ends on revision %d (= revision 1's image %s)%n",
        chart.folder(),
        chart.version(),
        crashSeen == 0 ? "?" : String.valueOf((requested - crashSeen) / 1_000_000),
        (done - requested) / 1_000_000,
        rollback.newRevision(),
        goodImage);
  }

  /** The main workload's container images, as its pod template has them. */
  private static String imagesOf(RealChart chart, String namespace) {
    HasMetadata workload = mainWorkload(chart, namespace);
    io.fabric8.kubernetes.api.model.PodTemplateSpec template;
    if (workload instanceof io.fabric8.kubernetes.api.model.apps.Deployment deployment) {
      template = deployment.getSpec().getTemplate();
    } else if (workload instanceof io.fabric8.kubernetes.api.model.apps.StatefulSet set) {
      template = set.getSpec().getTemplate();
    } else if (workload instanceof io.fabric8.kubernetes.api.model.apps.DaemonSet set) {
      template = set.getSpec().getTemplate();
    } else {
      throw new IllegalStateException("not a workload: " + workload);
    }
    return template.getSpec().getContainers().stream()
        .map(container -> container.getImage())
        .toList()
        .toString();
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
