package dev.tagship.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tagship.testing.KubeControlPlane;
import dev.tagship.testing.TestCharts;
import dev.tagship.testing.TestDeploys;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The own-revision scenarios on a real control plane (kube-apiserver, controller manager,
 * scheduler, kwok), where ReplicaSets, ControllerRevisions and pod-template-hash come from
 * Kubernetes' own controllers; plus what needs a scheduler: a revision whose pods cannot be placed
 * is replaced while it is verified.
 */
@EnabledIfEnvironmentVariable(
    named = "TAGSHIP_KUBE_TESTS",
    matches = "1",
    disabledReason =
        "opt-in until CI builds the control plane (as KubeControlPlaneTest): TAGSHIP_KUBE_TESTS=1")
class OwnRevisionOnControlPlaneTest extends OwnRevisionScenarios {

  @TempDir static Path temp;
  static KubeControlPlane plane;
  static KubernetesClient client;
  static String kubeconfig;

  @BeforeAll
  static void startCluster() throws IOException {
    plane = KubeControlPlane.start(temp.resolve("plane"));
    client = plane.client();
    kubeconfig = Files.readString(plane.kubeconfig());
  }

  @AfterAll
  static void stopCluster() {
    if (client != null) {
      client.close();
    }
    if (plane != null) {
      plane.close();
    }
  }

  @Override
  ClusterAccess cluster() {
    return new ClusterAccess(kubeconfig);
  }

  @Override
  KubernetesClient client() {
    return client;
  }

  @Override
  Path charts() {
    return temp.resolve("charts");
  }

  @Test
  void aRevisionWhosePodsWaitToBePlacedAndIsReplacedMeanwhileIsSuperseded() throws Exception {
    Path chart = TestCharts.deployment(charts().resolve("unplaced"), "shop");
    assertThat(deploy(chart, "unplaced", "1.0.0").verification().succeeded()).isTrue();

    // no node has this label: revision 2's pod stays Pending, neither failed nor ready
    CompletableFuture<DeployResult> waiting =
        CompletableFuture.supplyAsync(
            () ->
                new ReleaseDeployer(events::add)
                    .deploy(
                        TestDeploys.request(
                            "shop",
                            chart,
                            "unplaced",
                            "1.1.0",
                            TIMEOUT,
                            cluster(),
                            "nodeSelector.pool=nowhere")));
    awaitPendingPod("unplaced");
    DeployResult replacing = deploy(chart, "unplaced", "1.2.0", e -> {});

    DeployResult replaced = waiting.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    assertThat(replacing.revision()).isEqualTo(3);
    assertThat(replacing.verification().succeeded()).isTrue();
    assertThat(replaced.revision()).isEqualTo(2);
    assertThat(replaced.verification().outcome()).isEqualTo(Verification.Outcome.SUPERSEDED);
    assertThat(replaced.verification().summary())
        .contains("revision 2 of shop was superseded by revision 3");
    assertThat(records("shop", "unplaced").verified()).containsExactly(1, 3);
  }

  @Test
  void aRevisionSupersededByOneThatLeavesItsPodTemplateAloneIsSupersededToo() throws Exception {
    Path chart = TestCharts.deployment(charts().resolve("unplaced-same"), "shop");
    assertThat(deploy(chart, "same", "1.0.0").verification().succeeded()).isTrue();
    CompletableFuture<DeployResult> waiting =
        CompletableFuture.supplyAsync(
            () ->
                new ReleaseDeployer(events::add)
                    .deploy(
                        TestDeploys.request(
                            "shop",
                            chart,
                            "same",
                            "1.1.0",
                            TIMEOUT,
                            cluster(),
                            "nodeSelector.pool=nowhere")));
    awaitPendingPod("same");
    long generation = generation("same");

    // the same pod template, another Service type: only Helm's records tell the revisions apart
    DeployResult next =
        new ReleaseDeployer(e -> {})
            .deploy(
                TestDeploys.request(
                    "shop",
                    chart,
                    "same",
                    "1.1.0",
                    Duration.ofSeconds(3),
                    cluster(),
                    "nodeSelector.pool=nowhere",
                    "service.type=NodePort"));

    DeployResult superseded = waiting.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    assertThat(generation("same")).as("the Deployment's spec is unchanged").isEqualTo(generation);
    assertThat(next.revision()).isEqualTo(3);
    assertThat(superseded.verification().outcome()).isEqualTo(Verification.Outcome.SUPERSEDED);
    assertThat(superseded.verification().supersededBy()).isEqualTo(3);
    assertThat(superseded.verification().problems()).isEmpty();
    assertThat(records("shop", "same").verified()).containsExactly(1);
    assertThat(records("shop", "same").failed()).doesNotContain(2);
  }

  private static long generation(String namespace) {
    return client
        .apps()
        .deployments()
        .inNamespace(namespace)
        .withName("shop")
        .get()
        .getMetadata()
        .getGeneration();
  }

  private static void awaitPendingPod(String namespace) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (client.pods().inNamespace(namespace).list().getItems().stream()
        .noneMatch(pod -> "Pending".equals(pod.getStatus().getPhase()))) {
      assertThat(System.nanoTime()).as("a Pending pod").isLessThan(deadline);
      Thread.sleep(100);
    }
    Thread.sleep(500); // the verifier has looked at the Pending pod by now
  }

  @Test
  void aCrashIsJudgedWithinSecondsOfBecomingVisible() {
    Path chart = TestCharts.deployment(charts().resolve("timed"), "shop");
    deploy(chart, "timed", "1.0.0");
    AtomicLong visible = new AtomicLong();
    Watch watch =
        client
            .pods()
            .inNamespace("timed")
            .watch(
                new Watcher<Pod>() {
                  @Override
                  public void eventReceived(Action action, Pod pod) {
                    boolean crashing =
                        pod.getStatus() != null
                            && pod.getStatus().getContainerStatuses().stream()
                                .anyMatch(
                                    s ->
                                        s.getState() != null
                                            && s.getState().getWaiting() != null
                                            && "CrashLoopBackOff"
                                                .equals(s.getState().getWaiting().getReason()));
                    if (crashing) {
                      visible.compareAndSet(0, System.nanoTime());
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                });
    try {
      long started = System.nanoTime();

      DeployResult result = deploy(chart, "timed", "crash");

      long judged = System.nanoTime();
      assertThat(result.verification().outcome()).isEqualTo(Verification.Outcome.FAILED);
      assertThat(visible.get()).as("the test saw the crash").isPositive();
      Duration afterVisible = Duration.ofNanos(judged - visible.get());
      // the figure for issue 12's note; the bound only catches a verifier that waits for its
      // timeout
      System.out.println(
          "crash on the control plane: deploy to verdict "
              + Duration.ofNanos(judged - started).toMillis()
              + " ms, failure visible to verdict "
              + afterVisible.toMillis()
              + " ms");
      assertThat(afterVisible).isLessThan(Duration.ofSeconds(10));
    } finally {
      watch.close();
    }
  }
}
