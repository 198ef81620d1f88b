package dev.tagship.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real control plane does what the API stand-ins could not: controllers make ReplicaSets and
 * pods, the scheduler binds them to the kwok node, a Job completes, and a crashing image is shown
 * in CrashLoopBackOff. Each test works in a namespace of its own on the JVM's shared control plane.
 */
@WithKubeControlPlane
class KubeControlPlaneTest {

  private static String classNamespace;
  private KubernetesClient client;
  private String namespace;

  @BeforeAll
  static void classNamespace(KubeNamespace kube) {
    classNamespace = kube.name();
  }

  @BeforeEach
  void namespace(KubeNamespace kube) {
    client = kube.client();
    namespace = kube.name();
  }

  @Test
  void eachTestHasAFreshNamespaceOfItsOwn(KubeNamespace kube) {
    assertThat(kube.name()).as("the test's @BeforeEach namespace").isEqualTo(namespace);
    assertThat(namespace)
        .isNotEqualTo(classNamespace)
        .startsWith("kubecontrolplanetest-eachtesthasafreshnamespace");
    assertThat(client.namespaces().withName(namespace).get().getStatus().getPhase())
        .isEqualTo("Active");
    assertThat(client.apps().deployments().inNamespace(namespace).list().getItems()).isEmpty();
    assertThat(client.pods().inNamespace(namespace).list().getItems()).isEmpty();
  }

  @Test
  void missingBinariesFailTheTestNamingTheBuildScript(@TempDir Path empty) {
    assertThatThrownBy(
            () -> KubeControlPlane.binaries(Map.of("TAGSHIP_KUBE_BIN", empty.toString())))
        .hasMessageContaining("etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok")
        .hasMessageContaining("missing in " + empty)
        .hasMessageContaining("Run test/kube/build.sh once");
  }

  @Test
  void aDeploymentsPodsAreScheduledOnTheKwokNodeAndBecomeReady() {
    Deployment deployment =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName("web")
            .endMetadata()
            .withNewSpec()
            .withReplicas(2)
            .withNewSelector()
            .addToMatchLabels("app", "web")
            .endSelector()
            .withNewTemplate()
            .withNewMetadata()
            .addToLabels("app", "web")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("web")
            .withImage("registry.invalid/web:1.0")
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();

    client.apps().deployments().inNamespace(namespace).resource(deployment).create();

    Deployment ready =
        client
            .apps()
            .deployments()
            .inNamespace(namespace)
            .withName("web")
            .waitUntilCondition(
                d ->
                    d.getStatus() != null
                        && Integer.valueOf(2).equals(d.getStatus().getReadyReplicas()),
                60,
                TimeUnit.SECONDS);
    assertThat(ready.getStatus().getAvailableReplicas()).isEqualTo(2);
    List<Pod> pods = client.pods().inNamespace(namespace).withLabel("app", "web").list().getItems();
    assertThat(pods)
        .hasSize(2)
        .allSatisfy(
            pod -> {
              assertThat(pod.getSpec().getNodeName()).isEqualTo(KubeControlPlane.NODE);
              assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
              assertThat(pod.getMetadata().getOwnerReferences())
                  .singleElement()
                  .satisfies(owner -> assertThat(owner.getKind()).isEqualTo("ReplicaSet"));
            });
  }

  @Test
  void aJobCompletes() {
    Job job =
        new JobBuilder()
            .withNewMetadata()
            .withName("migrate")
            .endMetadata()
            .withNewSpec()
            .withBackoffLimit(0)
            .withNewTemplate()
            .withNewSpec()
            .withRestartPolicy("Never")
            .addNewContainer()
            .withName("migrate")
            .withImage("registry.invalid/migrate:1.0")
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();

    client.batch().v1().jobs().inNamespace(namespace).resource(job).create();

    Job done =
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace(namespace)
            .withName("migrate")
            .waitUntilCondition(
                j ->
                    j.getStatus() != null
                        && j.getStatus().getConditions().stream()
                            .anyMatch(
                                c ->
                                    "Complete".equals(c.getType()) && "True".equals(c.getStatus())),
                60,
                TimeUnit.SECONDS);
    assertThat(done.getStatus().getSucceeded()).isEqualTo(1);
  }

  @Test
  void aPodWhoseImageIsTaggedCrashGoesIntoCrashLoopBackOff() {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("crasher")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("app")
            .withImage("registry.invalid/app:crash")
            .endContainer()
            .endSpec()
            .build();

    client.pods().inNamespace(namespace).resource(pod).create();

    Pod crashing =
        client
            .pods()
            .inNamespace(namespace)
            .withName("crasher")
            .waitUntilCondition(
                p ->
                    p.getStatus() != null
                        && p.getStatus().getContainerStatuses().stream()
                            .anyMatch(s -> s.getState().getWaiting() != null),
                60,
                TimeUnit.SECONDS);
    ContainerStatus status = crashing.getStatus().getContainerStatuses().get(0);
    assertThat(status.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
    assertThat(status.getReady()).isFalse();
    assertThat(status.getLastState().getTerminated().getExitCode()).isEqualTo(1);
    assertThat(crashing.getSpec().getNodeName()).isEqualTo(KubeControlPlane.NODE);
  }

  @Test
  void aPodRequestingEphemeralStorageIsScheduledAndBecomesReady() {
    // bitnami's resource presets request ephemeral-storage, which every real node reports
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("scratch-user")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("app")
            .withImage("registry.invalid/app:1.0")
            .withNewResources()
            .addToRequests("ephemeral-storage", new Quantity("50Mi"))
            .endResources()
            .endContainer()
            .endSpec()
            .build();

    client.pods().inNamespace("default").resource(pod).create();

    Pod ready =
        client
            .pods()
            .inNamespace("default")
            .withName("scratch-user")
            .waitUntilCondition(
                p ->
                    p.getStatus() != null
                        && p.getStatus().getConditions().stream()
                            .anyMatch(
                                c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())),
                60,
                TimeUnit.SECONDS);
    assertThat(ready.getSpec().getNodeName()).isEqualTo(KubeControlPlane.NODE);
  }

  @Test
  void theNodeRenewsItsLeaseAsAKubeletDoes() {
    // Without a renewed Lease the node lifecycle controller marks the node NotReady after its
    // grace period, and with it every pod on the node not Ready: a test longer than ~50 s saw
    // its StatefulSet's rollout never finish.
    var lease = client.leases().inNamespace("kube-node-lease").withName(KubeControlPlane.NODE);
    Lease first = lease.waitUntilCondition(l -> l != null, 60, TimeUnit.SECONDS);
    ZonedDateTime renewed = first.getSpec().getRenewTime();

    Lease later =
        lease.waitUntilCondition(
            l -> l.getSpec().getRenewTime().isAfter(renewed), 60, TimeUnit.SECONDS);

    assertThat(later.getSpec().getHolderIdentity()).isNotBlank();
    assertThat(later.getSpec().getLeaseDurationSeconds()).isPositive();
  }
}
