package dev.tagship.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tagship.core.Event;
import dev.tagship.core.EventListener;
import dev.tagship.testing.TestCharts;
import dev.tagship.testing.TestDeploys;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Verification judges the revision's own objects, wherever its manifest puts them (issue 12,
 * defects 3 and 5). One table of scenarios, run against the in-process API stand-in and against the
 * real control plane, so the stand-in stays honest.
 */
abstract class OwnRevisionScenarios {

  static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** How to reach the cluster the subclass started. */
  abstract ClusterAccess cluster();

  abstract KubernetesClient client();

  /** A folder for this class's charts. */
  abstract Path charts();

  final List<Event> events = new CopyOnWriteArrayList<>();

  DeployResult deploy(Path chart, String namespace, String tag, EventListener listener) {
    return new ReleaseDeployer(listener)
        .deploy(
            TestDeploys.request(
                chart.getFileName().toString(), chart, namespace, tag, TIMEOUT, cluster()));
  }

  DeployResult deploy(Path chart, String namespace, String tag) {
    return deploy(chart, namespace, tag, events::add);
  }

  /**
   * Runs {@code deploy} on another thread when the deployer reports that Helm made {@code
   * revision}, and waits for it: the next deploy lands before this one's verification has judged
   * anything, as the second deploy did 0.3 s later.
   */
  EventListener supersedeAfter(int revision, CompletableFuture<DeployResult> second, Runnable run) {
    return event -> {
      events.add(event);
      if (event.message().startsWith("Release ")
          && event.message().contains(" revision " + revision + " in ")) {
        CompletableFuture.runAsync(run);
        second.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
      }
    };
  }

  /** tagship's marks on the release's revisions. */
  Marks records(String release, String namespace) {
    ReleaseRecords records = new ReleaseRecords(client());
    return new Marks(records.verified(release, namespace), records.failed(release, namespace));
  }

  record Marks(Set<Integer> verified, Set<Integer> failed) {}

  void createNamespace(String name) {
    if (client().namespaces().withName(name).get() == null) {
      client()
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
          .create();
    }
  }

  @Test
  void aCrashingRevisionSupersededRightAfterItsUpgradeIsNeverRecordedGood() {
    supersededRightAfterUpgrade(TestCharts.deployment(charts().resolve("superseded"), "shop"));
  }

  @Test
  void aCrashingDaemonSetRevisionSupersededRightAfterItsUpgradeIsNeverRecordedGood() {
    supersededRightAfterUpgrade(TestCharts.daemonSet(charts().resolve("ds-superseded"), "agent"));
  }

  /**
   * Good revision 1, crashing revision 2, superseded by good revision 3 right after its upgrade.
   */
  private void supersededRightAfterUpgrade(Path chart) {
    String release = chart.getFileName().toString();
    String namespace = release + "-race";
    assertThat(deploy(chart, namespace, "1.0.0").verification().succeeded()).isTrue();
    CompletableFuture<DeployResult> second = new CompletableFuture<>();

    DeployResult crashing =
        deploy(
            chart,
            namespace,
            "crash",
            supersedeAfter(
                2,
                second,
                () -> {
                  try {
                    second.complete(deploy(chart, namespace, "1.1.0", e -> {}));
                  } catch (RuntimeException e) {
                    second.completeExceptionally(e);
                  }
                }));

    assertThat(second.join().revision()).isEqualTo(3);
    assertThat(second.join().verification().succeeded()).isTrue();
    assertThat(crashing.revision()).isEqualTo(2);
    assertThat(crashing.verification().outcome()).isEqualTo(Verification.Outcome.SUPERSEDED);
    assertThat(crashing.verification().supersededBy()).isEqualTo(3);
    assertThat(crashing.verification().summary())
        .contains("revision 2 of " + release + " was superseded by revision 3")
        .contains("not recorded good")
        .contains("not rolled back");
    assertThat(records(release, namespace).verified()).containsExactly(1, 3);
  }

  @Test
  void aCrashingStatefulSetPodOfTheRevisionFailsItNamingThePod() {
    Path chart = TestCharts.statefulSet(charts().resolve("sts"), "db");
    assertThat(deploy(chart, "sts", "1.0.0").verification().succeeded()).isTrue();

    DeployResult result = deploy(chart, "sts", "crash");

    assertThat(result.verification().outcome()).isEqualTo(Verification.Outcome.FAILED);
    assertThat(result.verification().problems())
        .singleElement()
        .asString()
        .startsWith("pod db-0 container db: CrashLoopBackOff");
    assertThat(records("db", "sts").failed()).containsExactly(2);
  }

  @Test
  void aCrashingDeploymentInAnotherNamespaceIsFoundThere() {
    createNamespace("other");
    Path chart = TestCharts.deploymentInNamespace(charts().resolve("elsewhere"), "shop", "other");

    DeployResult result = deploy(chart, "apps", "crash");

    assertThat(result.verification().outcome()).isEqualTo(Verification.Outcome.FAILED);
    assertThat(result.verification().problems())
        .anySatisfy(
            problem ->
                assertThat(problem)
                    .startsWith("pod shop-")
                    .contains("in namespace other")
                    .contains("container shop: CrashLoopBackOff"));
    assertThat(records("shop", "apps").verified()).isEmpty();
    assertThat(records("shop", "apps").failed()).containsExactly(1);
  }

  @Test
  void aGoodDeploymentInAnotherNamespaceIsWaitedForThere() {
    createNamespace("other2");
    Path chart = TestCharts.deploymentInNamespace(charts().resolve("elsewhere2"), "web", "other2");

    DeployResult result = deploy(chart, "apps2", "1.0.0");

    assertThat(result.verification().succeeded()).as(result.verification().summary()).isTrue();
    assertThat(events)
        .extracting(Event::message)
        .contains("Rollout of web finished: deployment web in namespace other2 ready");
  }

  @Test
  void aRevisionWithNoWorkloadSaysSoPlainly() {
    Path chart = TestCharts.withoutWorkloads(charts().resolve("bare"), "conf");

    DeployResult result = deploy(chart, "bare", "1.0.0");

    assertThat(result.verification().succeeded()).isTrue();
    assertThat(result.verification().summary())
        .isEqualTo("revision 1 of conf has no Deployment, StatefulSet or DaemonSet to verify");
  }
}
