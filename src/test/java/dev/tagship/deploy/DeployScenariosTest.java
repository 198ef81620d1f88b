package dev.tagship.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tagship.core.Event;
import dev.tagship.sandbox.kube.KubeApiStandIn;
import dev.tagship.testing.KubeNamespace;
import dev.tagship.testing.TestCharts;
import dev.tagship.testing.TestDeploys;
import dev.tagship.testing.WithKubeControlPlane;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One table of charts and what tagship's deploy and verification make of them, run against the real
 * control plane and against the in-process API stand-in that the sandbox and most tests use, so
 * that the stand-in stays honest: where it differs from Kubernetes, this fails. A scenario the
 * stand-in cannot play says so, with the reason, in {@link Scenario#realControlPlaneOnly}.
 *
 * <p>Every deploy before the last must be verified; the last one must end as {@link Expect} says.
 * The image tag {@code crash} crash-loops on both (kwok's {@code pod-crash-loop} stage, the
 * stand-in controller's built-in rule).
 */
@WithKubeControlPlane
class DeployScenariosTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  @TempDir static Path charts;
  static KubeApiStandIn standIn;
  static final AtomicInteger runs = new AtomicInteger();

  final List<Event> events = new CopyOnWriteArrayList<>();

  /** What the last deploy of a scenario must end with. */
  record Expect(Verification.Outcome outcome, String naming, List<String> helmError) {

    static Expect verified() {
      return new Expect(Verification.Outcome.SUCCEEDED, null, null);
    }

    static Expect failureNaming(String reason) {
      return new Expect(Verification.Outcome.FAILED, reason, null);
    }

    static Expect helmErrorContaining(String... fragments) {
      return new Expect(null, null, List.of(fragments));
    }
  }

  /** A check of the cluster after the last deploy: client, namespace, release. */
  interface ClusterCheck {
    void check(KubernetesClient client, String namespace, String release);

    ClusterCheck NOTHING_MORE = (client, namespace, release) -> {};
  }

  /**
   * @param chart makes the chart in a folder, given that folder and the release name
   * @param deploys each deploy's image tag and {@code --set} values, in order
   * @param realControlPlaneOnly why the stand-in cannot play it; null when both must
   */
  record Scenario(
      String name,
      BiFunction<Path, String, Path> chart,
      List<List<String>> deploys,
      Expect expect,
      ClusterCheck then,
      String realControlPlaneOnly) {

    @Override
    public String toString() {
      return name;
    }
  }

  private static List<String> tag(String tag, String... set) {
    return Stream.concat(Stream.of(tag), Stream.of(set)).toList();
  }

  static Stream<Scenario> scenarios() {
    return Stream.of(
        new Scenario(
            "a Deployment becomes ready: verified",
            TestCharts::deployment,
            List.of(tag("1.0.0", "replicaCount=2"), tag("1.0.1", "replicaCount=2")),
            Expect.verified(),
            ClusterCheck.NOTHING_MORE,
            null),
        new Scenario(
            "a Deployment whose new image crashes: CrashLoopBackOff named",
            TestCharts::deployment,
            List.of(tag("1.0.0"), tag("crash")),
            Expect.failureNaming("CrashLoopBackOff"),
            ClusterCheck.NOTHING_MORE,
            null),
        new Scenario(
            "a StatefulSet upgraded: verified",
            TestCharts::statefulSet,
            List.of(tag("1.0.0", "replicaCount=2"), tag("1.0.1", "replicaCount=2")),
            Expect.verified(),
            ClusterCheck.NOTHING_MORE,
            null),
        new Scenario(
            "a StatefulSet whose new image crashes: CrashLoopBackOff named",
            TestCharts::statefulSet,
            List.of(tag("1.0.0", "replicaCount=2"), tag("crash", "replicaCount=2")),
            Expect.failureNaming("CrashLoopBackOff"),
            ClusterCheck.NOTHING_MORE,
            null),
        new Scenario(
            "a DaemonSet upgraded: verified",
            TestCharts::daemonSet,
            List.of(tag("1.0.0"), tag("1.0.1")),
            Expect.verified(),
            ClusterCheck.NOTHING_MORE,
            null),
        new Scenario(
            "a DaemonSet whose new image crashes: CrashLoopBackOff named",
            TestCharts::daemonSet,
            List.of(tag("1.0.0"), tag("crash")),
            Expect.failureNaming("CrashLoopBackOff"),
            ClusterCheck.NOTHING_MORE,
            null),
        new Scenario(
            "a hook Job (pre-install, post-upgrade) completes: verified",
            TestCharts::withHookJob,
            List.of(tag("1.0.0"), tag("1.0.1")),
            Expect.verified(),
            DeployScenariosTest::upgradeHookCompleted,
            null),
        new Scenario(
            "a Deployment's selector changed: Helm's immutable-field error surfaces",
            TestCharts::deployment,
            // nameOverride changes the selector's app.kubernetes.io/name; fullnameOverride keeps
            // the Deployment's name, so Helm patches the same object
            List.of(tag("1.0.0"), tag("1.0.1", "nameOverride=moved", "fullnameOverride=web")),
            Expect.helmErrorContaining(
                "cannot patch \"web\" with kind Deployment: Deployment.apps \"web\" is invalid:"
                    + " spec.selector: Invalid value: {\"matchLabels\":{\"app.kubernetes.io/instance\""
                    + ":\"web\",\"app.kubernetes.io/name\":\"moved\"}}: ",
                "field is immutable"),
            ClusterCheck.NOTHING_MORE,
            null),
        new Scenario(
            "a CRD and a custom resource of it: both installed, verified",
            TestCharts::withCustomResource,
            List.of(tag("1.0.0")),
            Expect.verified(),
            DeployScenariosTest::customResourceExists,
            null));
  }

  static Stream<Scenario> standInScenarios() {
    return scenarios().filter(scenario -> scenario.realControlPlaneOnly() == null);
  }

  @BeforeAll
  static void startStandIn() {
    standIn = KubeApiStandIn.start();
  }

  @AfterAll
  static void stopStandIn() {
    standIn.close();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void onTheRealControlPlane(Scenario scenario, KubeNamespace kube) {
    play(scenario, kube.name(), kube.cluster(), kube.client());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("standInScenarios")
  void onTheStandIn(Scenario scenario) {
    play(
        scenario,
        "scenario-" + runs.incrementAndGet(),
        new ClusterAccess(standIn.kubeconfigContents()),
        standIn.client());
    assertThat(standIn.controller().failures()).as("the stand-in's controller failures").isEmpty();
  }

  private void play(
      Scenario scenario, String namespace, ClusterAccess cluster, KubernetesClient client) {
    String release = "web";
    Path chart =
        scenario.chart().apply(charts.resolve(namespace + "-" + runs.incrementAndGet()), release);
    List<List<String>> deploys = scenario.deploys();
    for (List<String> before : deploys.subList(0, deploys.size() - 1)) {
      assertThat(deploy(release, chart, namespace, cluster, before).verification().summary())
          .as("deploy %s before the last", before)
          .isEqualTo("1 workload(s) of web rolled out");
    }
    List<String> last = deploys.get(deploys.size() - 1);
    Expect expect = scenario.expect();
    if (expect.helmError() != null) {
      assertThatThrownBy(() -> deploy(release, chart, namespace, cluster, last))
          .isInstanceOf(DeployException.class)
          .hasMessageContaining("helm upgrade of web failed")
          .hasMessageContainingAll(expect.helmError().toArray(String[]::new));
    } else {
      Verification verification = deploy(release, chart, namespace, cluster, last).verification();
      assertThat(verification.outcome()).as(verification.toString()).isEqualTo(expect.outcome());
      if (expect.naming() != null) {
        assertThat(verification.problems())
            .anySatisfy(problem -> assertThat(problem).contains(expect.naming()));
      } else {
        assertThat(verification.summary()).isEqualTo("1 workload(s) of web rolled out");
      }
    }
    scenario.then().check(client, namespace, release);
  }

  private DeployResult deploy(
      String release, Path chart, String namespace, ClusterAccess cluster, List<String> deploy) {
    return new ReleaseDeployer(events::add)
        .deploy(
            TestDeploys.request(
                release,
                chart,
                namespace,
                deploy.get(0),
                TIMEOUT,
                cluster,
                deploy.subList(1, deploy.size()).toArray(String[]::new)));
  }

  private static void upgradeHookCompleted(
      KubernetesClient client, String namespace, String release) {
    Job job =
        client.batch().v1().jobs().inNamespace(namespace).withName(release + "-migrate").get();
    assertThat(job).as("the post-upgrade hook's Job").isNotNull();
    assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .endsWith(":1.0.1");
    assertThat(job.getStatus().getSucceeded()).isEqualTo(1);
    assertThat(job.getStatus().getConditions())
        .anySatisfy(
            condition -> {
              assertThat(condition.getType()).isEqualTo("Complete");
              assertThat(condition.getStatus()).isEqualTo("True");
            });
  }

  private static void customResourceExists(
      KubernetesClient client, String namespace, String release) {
    var crontab =
        client
            .genericKubernetesResources(TestCharts.CUSTOM_GROUP + "/v1", "CronTab")
            .inNamespace(namespace)
            .withName(release)
            .get();
    assertThat(crontab).as("the chart's CronTab").isNotNull();
    assertThat(crontab.getAdditionalProperties()).containsKey("spec");
  }
}
