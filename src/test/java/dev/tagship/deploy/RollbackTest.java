package dev.tagship.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import dev.tagship.sandbox.kube.KubeApiStandIn;
import dev.tagship.testing.TestDeploys;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rollback to the last verified revision, with real Helm against the Kubernetes stand-in. */
class RollbackTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir static Path temp;
  static KubeApiStandIn kube;
  static Path chart;

  @BeforeAll
  static void startCluster() {
    kube = KubeApiStandIn.start();
    Helm.create().withName("shop").withDir(temp).call();
    chart = temp.resolve("shop");
  }

  @AfterAll
  static void stopCluster() {
    kube.close();
  }

  private final ReleaseDeployer deployer = new ReleaseDeployer(e -> {});

  private DeployResult deploy(String namespace, String tag) {
    return deployer.deploy(TestDeploys.request("shop", chart, namespace, tag, TIMEOUT, cluster()));
  }

  private static ClusterAccess cluster() {
    return new ClusterAccess(kube.kubeconfigContents());
  }

  private RollbackResult rollback(String namespace, Integer to) {
    return deployer.rollback(
        new RollbackRequest("shop", namespace, to, TIMEOUT, "test", false, cluster()));
  }

  @Test
  void rollbackGoesToTheLastVerifiedRevisionNotTheOneBefore() {
    assertThat(deploy("prod", "1.27.1").verification().succeeded()).isTrue();
    assertThat(deploy("prod", "1.27.2").verification().succeeded()).isTrue();
    assertThat(deploy("prod", "1.28.0-crash").verification().succeeded()).isFalse();
    assertThat(deploy("prod", "1.28.1-crash").verification().succeeded()).isFalse();

    RollbackResult result = rollback("prod", null);

    assertThat(result.fromRevision()).isEqualTo(4);
    assertThat(result.restoredRevision()).isEqualTo(2);
    assertThat(result.newRevision()).isEqualTo(5);
    assertThat(result.verification().succeeded()).isTrue();
    assertThat(kube.deploymentImage("prod", "shop")).isEqualTo("nginx:1.27.2");
    try (var client = kube.client()) {
      assertThat(new ReleaseRecords(client).verified("shop", "prod")).containsExactly(1, 2, 5);
    }
  }

  @Test
  void aRevisionRolledBackAsFailedIsNeverChosenAgain() {
    deploy("smoked", "1.27.1");
    deploy("smoked", "1.27.2"); // rolled out, then its smoke test failed:
    RollbackResult first =
        deployer.rollback(
            new RollbackRequest("shop", "smoked", null, TIMEOUT, "smoke test", true, cluster()));

    RollbackResult second = rollback("smoked", null);

    assertThat(first.restoredRevision()).isEqualTo(1);
    assertThat(second.fromRevision()).isEqualTo(3);
    assertThat(second.restoredRevision()).isEqualTo(1); // not 2, the one that failed
    assertThat(kube.deploymentImage("smoked", "shop")).isEqualTo("nginx:1.27.1");
  }

  @Test
  void rollbackOfARollbackToANamedRevision() {
    deploy("stage", "1.27.1");
    deploy("stage", "1.27.2");
    rollback("stage", 1);

    RollbackResult again = rollback("stage", 2);

    assertThat(again.fromRevision()).isEqualTo(3);
    assertThat(again.newRevision()).isEqualTo(4);
    assertThat(kube.deploymentImage("stage", "shop")).isEqualTo("nginx:1.27.2");
  }

  @Test
  void withoutAVerifiedRevisionTheRollbackSaysSoAndListsWhatIsKept() {
    deploy("fresh", "1.0.0-crash");

    assertThatThrownBy(() -> rollback("fresh", null))
        .isInstanceOf(DeployException.class)
        .hasMessageContaining("no verified good revision before 1")
        .hasMessageContaining("--to-revision");
  }
}
