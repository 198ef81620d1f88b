package dev.tagship.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tagship.core.Event;
import dev.tagship.sandbox.kube.KubeApiStandIn;
import dev.tagship.testing.TestCharts;
import dev.tagship.testing.TestDeploys;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verification of StatefulSet and DaemonSet rollouts: charts from {@code helm create} whose
 * workload is a StatefulSet or a DaemonSet, deployed by real Helm to the API stand-in, whose
 * controller plays both controllers (image tags containing "crash" crash-loop).
 */
class PodSetRolloutTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir static Path temp;
  static KubeApiStandIn kube;
  static Path statefulChart;
  static Path daemonChart;

  final List<Event> events = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startCluster() {
    kube = KubeApiStandIn.start();
    statefulChart = TestCharts.statefulSet(temp.resolve("sts"), "db");
    daemonChart = TestCharts.daemonSet(temp.resolve("ds"), "agent");
  }

  @AfterAll
  static void stopCluster() {
    kube.close();
  }

  @AfterEach
  void controllerHadNoTrouble() {
    assertThat(kube.controller().failures()).isEmpty();
  }

  private DeployResult deploy(Path chart, String namespace, String tag, String... set) {
    return new ReleaseDeployer(events::add)
        .deploy(
            TestDeploys.request(
                chart.getFileName().toString(),
                chart,
                namespace,
                tag,
                TIMEOUT,
                new ClusterAccess(kube.kubeconfigContents()),
                set));
  }

  private List<Pod> pods(String namespace) {
    return kube.client().pods().inNamespace(namespace).list().getItems();
  }

  @Test
  void statefulSetInstallAndUpgradeWaitForEveryPodOfTheUpdateRevision() {
    DeployResult installed = deploy(statefulChart, "sts-ok", "1.27.1", "replicaCount=3");
    DeployResult upgraded = deploy(statefulChart, "sts-ok", "1.27.2", "replicaCount=3");

    assertThat(installed.verification().succeeded()).isTrue();
    assertThat(upgraded.verification().summary()).isEqualTo("1 workload(s) of db rolled out");
    StatefulSet set =
        kube.client().apps().statefulSets().inNamespace("sts-ok").withName("db").get();
    assertThat(set.getStatus().getCurrentRevision()).isEqualTo(set.getStatus().getUpdateRevision());
    assertThat(pods("sts-ok"))
        .hasSize(3)
        .allSatisfy(
            pod ->
                assertThat(pod.getMetadata().getLabels())
                    .containsEntry("controller-revision-hash", set.getStatus().getUpdateRevision()))
        .allSatisfy(
            pod -> assertThat(pod.getSpec().getContainers().get(0).getImage()).endsWith(":1.27.2"));
    assertThat(events)
        .extracting(Event::message)
        .contains("Rollout of db finished: statefulset db ready");
  }

  @Test
  void crashLoopingStatefulSetPodFailsFastWhileTheOldPodsStayUp() {
    deploy(statefulChart, "sts-crash", "1.27.1", "replicaCount=2");
    long started = System.nanoTime();

    DeployResult result = deploy(statefulChart, "sts-crash", "1.28.0-crash", "replicaCount=2");

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT.dividedBy(3));
    assertThat(result.verification().outcome()).isEqualTo(Verification.Outcome.FAILED);
    // the rolling update starts at the highest ordinal and stops at the pod that fails
    assertThat(result.verification().problems())
        .singleElement()
        .asString()
        .startsWith("pod db-1 container db: CrashLoopBackOff")
        .contains("events:");
    assertThat(kube.client().pods().inNamespace("sts-crash").withName("db-0").get())
        .satisfies(
            pod -> assertThat(pod.getSpec().getContainers().get(0).getImage()).endsWith(":1.27.1"));
  }

  @Test
  void statefulSetRecoversFromAFailedRevisionAndOnlyTheNewPodsAreJudged() {
    deploy(statefulChart, "sts-recover", "1.28.0-crash", "replicaCount=2");

    DeployResult fixed = deploy(statefulChart, "sts-recover", "1.28.1", "replicaCount=2");

    assertThat(fixed.verification().succeeded()).as(fixed.verification().summary()).isTrue();
    assertThat(pods("sts-recover")).hasSize(2);
  }

  @Test
  void partitionedStatefulSetIsDoneWhenThePodsAboveThePartitionAreUpdated() {
    deploy(statefulChart, "sts-part", "1.27.1", "replicaCount=3", "partition=2");

    DeployResult canary =
        deploy(statefulChart, "sts-part", "1.27.2", "replicaCount=3", "partition=2");

    assertThat(canary.verification().succeeded()).isTrue();
    assertThat(pods("sts-part"))
        .extracting(pod -> pod.getSpec().getContainers().get(0).getImage())
        .filteredOn(image -> image.endsWith(":1.27.2"))
        .hasSize(1);
  }

  @Test
  void daemonSetRolloutWaitsForTheUpdatedPodOnEveryNode() {
    DeployResult installed = deploy(daemonChart, "ds-ok", "1.27.1");
    DeployResult upgraded = deploy(daemonChart, "ds-ok", "1.27.2");

    assertThat(installed.verification().succeeded()).isTrue();
    assertThat(upgraded.verification().succeeded()).isTrue();
    assertThat(pods("ds-ok"))
        .singleElement()
        .satisfies(
            pod -> assertThat(pod.getSpec().getContainers().get(0).getImage()).endsWith(":1.27.2"));
    assertThat(events)
        .extracting(Event::message)
        .contains("Rollout of agent finished: daemonset agent ready");
  }

  @Test
  void crashLoopingDaemonSetPodFailsFastNamingPodAndReason() {
    deploy(daemonChart, "ds-crash", "1.27.1");
    long started = System.nanoTime();

    DeployResult result = deploy(daemonChart, "ds-crash", "1.28.0-crash");

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT.dividedBy(3));
    assertThat(result.verification().outcome()).isEqualTo(Verification.Outcome.FAILED);
    assertThat(result.verification().summary())
        .startsWith("the rollout of agent failed: pod agent-")
        .contains("container agent: CrashLoopBackOff");
  }

  @Test
  void daemonSetThatNeverBecomesAvailableTimesOutSayingWhatItWaitsFor() {
    DeployResult result =
        new ReleaseDeployer(events::add)
            .deploy(
                new DeployRequest(
                    "agent",
                    daemonChart.toString(),
                    null,
                    "ds-stuck",
                    true,
                    "1.0.0-stuck",
                    null,
                    List.of(),
                    List.of(),
                    Duration.ofSeconds(2),
                    false,
                    null,
                    new ClusterAccess(kube.kubeconfigContents())));

    assertThat(result.verification().outcome()).isEqualTo(Verification.Outcome.TIMED_OUT);
    assertThat(result.verification().problems())
        .containsExactly("daemonset agent: waiting for 1 of 1 pods updated, 0 available");
  }
}
