package dev.tagship.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
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

  /**
   * The namespace the scenarios call {@code name}: {@code name} itself on a cluster of the class's
   * own, a name derived from it that no other test class uses on a shared one.
   */
  abstract String namespace(String name);

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
   * {@code helm upgrade} as plain Helm does it, with no tagship lease: while a tagship deploy holds
   * its release (upgrade and verification), only such a client can supersede the revision it made.
   */
  Release plainHelmUpgrade(Path chart, String release, String namespace, String tag) {
    try (TemporaryKubeconfig kubeconfig = TemporaryKubeconfig.write(cluster())) {
      return Helm.upgrade(chart.toString())
          .withName(release)
          .withNamespace(namespace)
          .set("image.tag", tag)
          .withKubeConfig(kubeconfig.path())
          .call();
    }
  }

  /**
   * Runs {@code run} on another thread when the deployer reports that Helm made {@code revision},
   * and waits for {@code second}: the next upgrade lands before this deploy's verification has
   * judged anything, as the second deploy did 0.3 s later.
   */
  <T> EventListener supersedeAfter(int revision, CompletableFuture<T> second, Runnable run) {
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
   * Good revision 1, crashing revision 2 deployed by tagship, superseded right after its upgrade by
   * good revision 3 from plain Helm (tagship's own deploys hold the release's lease while they
   * verify, so only a client without one can do this).
   */
  private void supersededRightAfterUpgrade(Path chart) {
    String release = chart.getFileName().toString();
    String namespace = namespace(release + "-race");
    assertThat(deploy(chart, namespace, "1.0.0").verification().succeeded()).isTrue();
    CompletableFuture<Release> second = new CompletableFuture<>();

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
                    second.complete(plainHelmUpgrade(chart, release, namespace, "1.1.0"));
                  } catch (RuntimeException e) {
                    second.completeExceptionally(e);
                  }
                }));

    assertThat(second.join().getRevision()).isEqualTo("3");
    assertThat(crashing.revision()).isEqualTo(2);
    assertThat(crashing.verification().outcome()).isEqualTo(Verification.Outcome.SUPERSEDED);
    assertThat(crashing.verification().supersededBy()).isEqualTo(3);
    assertThat(crashing.verification().summary())
        .contains("revision 2 of " + release + " was superseded by revision 3")
        .contains("not recorded good")
        .contains("not rolled back");
    // plain Helm's revision 3 is Helm's to judge: tagship records only what it verified itself
    assertThat(records(release, namespace).verified()).containsExactly(1);
    assertThat(records(release, namespace).failed()).doesNotContain(2);
    assertThat(new ReleaseRecords(client()).newestRevision(release, namespace)).isEqualTo(3);
  }

  @Test
  void aCrashingStatefulSetPodOfTheRevisionFailsItNamingThePod() {
    Path chart = TestCharts.statefulSet(charts().resolve("sts"), "db");
    String namespace = namespace("sts");
    assertThat(deploy(chart, namespace, "1.0.0").verification().succeeded()).isTrue();

    DeployResult result = deploy(chart, namespace, "crash");

    assertThat(result.verification().outcome()).isEqualTo(Verification.Outcome.FAILED);
    assertThat(result.verification().problems())
        .singleElement()
        .asString()
        .startsWith("pod db-0 container db: CrashLoopBackOff");
    assertThat(records("db", namespace).failed()).containsExactly(2);
  }

  @Test
  void aCrashingDeploymentInAnotherNamespaceIsFoundThere() {
    String other = namespace("other");
    String apps = namespace("apps");
    createNamespace(other);
    Path chart = TestCharts.deploymentInNamespace(charts().resolve("elsewhere"), "shop", other);

    DeployResult result = deploy(chart, apps, "crash");

    assertThat(result.verification().outcome()).isEqualTo(Verification.Outcome.FAILED);
    assertThat(result.verification().problems())
        .anySatisfy(
            problem ->
                assertThat(problem)
                    .startsWith("pod shop-")
                    .contains("in namespace " + other)
                    .contains("container shop: CrashLoopBackOff"));
    assertThat(records("shop", apps).verified()).isEmpty();
    assertThat(records("shop", apps).failed()).containsExactly(1);
  }

  @Test
  void aGoodDeploymentInAnotherNamespaceIsWaitedForThere() {
    String other = namespace("other2");
    createNamespace(other);
    Path chart = TestCharts.deploymentInNamespace(charts().resolve("elsewhere2"), "web", other);

    DeployResult result = deploy(chart, namespace("apps2"), "1.0.0");

    assertThat(result.verification().succeeded()).as(result.verification().summary()).isTrue();
    assertThat(events)
        .extracting(Event::message)
        .contains("Rollout of web finished: deployment web in namespace " + other + " ready");
  }

  @Test
  void aRevisionWithNoWorkloadSaysSoPlainly() {
    Path chart = TestCharts.withoutWorkloads(charts().resolve("bare"), "conf");

    DeployResult result = deploy(chart, namespace("bare"), "1.0.0");

    assertThat(result.verification().succeeded()).isTrue();
    assertThat(result.verification().summary())
        .isEqualTo("revision 1 of conf has no Deployment, StatefulSet or DaemonSet to verify");
  }
}
