package dev.tagship.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tagship.core.Event;
import dev.tagship.testing.KubeNamespace;
import dev.tagship.testing.TestCharts;
import dev.tagship.testing.TestDeploys;
import dev.tagship.testing.WithKubeControlPlane;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A StatefulSet whose pod crash-loops rolls back on a real control plane: Kubernetes waits for a
 * pod of the failed template to become Ready before it replaces it, so the rollback deletes it
 * (found with bitnami redis and postgresql: the rollback hung until its timeout).
 */
@WithKubeControlPlane
class StatefulSetRollbackTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir Path temp;

  @Test
  void aCrashLoopingStatefulSetPodIsReplacedByTheRestoredTemplate(KubeNamespace kube) {
    Path chart = TestCharts.statefulSet(temp, "db");
    List<Event> events = new CopyOnWriteArrayList<>();
    ReleaseDeployer deployer = new ReleaseDeployer(events::add);
    DeployResult good =
        deployer.deploy(
            TestDeploys.request("db", chart, kube.name(), "1.0.0", TIMEOUT, kube.cluster()));
    assertThat(good.verification().succeeded()).isTrue();
    DeployResult broken =
        deployer.deploy(
            TestDeploys.request("db", chart, kube.name(), "crash", TIMEOUT, kube.cluster()));
    assertThat(broken.verification().outcome()).isEqualTo(Verification.Outcome.FAILED);
    // db-0 was made again under the same name: only the new pod's events are its own
    assertThat(broken.verification().summary().split("Successfully assigned", -1))
        .as(broken.verification().summary())
        .hasSize(2);

    RollbackResult rollback =
        deployer.rollback(
            new RollbackRequest(
                "db", kube.name(), null, TIMEOUT, "crash loop", true, kube.cluster(), 2, false));

    assertThat(rollback.verification().succeeded()).as(rollback.verification().summary()).isTrue();
    assertThat(
            kube.client()
                .pods()
                .inNamespace(kube.name())
                .withName("db-0")
                .get()
                .getSpec()
                .getContainers()
                .get(0)
                .getImage())
        .endsWith(":1.0.0");
    assertThat(events)
        .extracting(Event::message)
        .contains(
            "Deleting pod db-0 of statefulset db: it runs the failed template and is not ready,"
                + " and Kubernetes does not replace such a pod by itself");
  }
}
