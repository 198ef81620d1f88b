package dev.tagship.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import dev.tagship.core.SecretMasker;
import dev.tagship.sandbox.kube.KubeApiStandIn;
import groovy.lang.Binding;
import groovy.lang.GroovyShell;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** rollbackOnFailure { helmUpgradeAks(...); smoke test } from real Groovy, against the stand-in. */
class RollbackOnFailureStepTest {

  @TempDir static Path workspace;
  static KubeApiStandIn kube;

  final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();

  @BeforeAll
  static void startCluster() throws Exception {
    kube = KubeApiStandIn.start();
    Files.createDirectories(workspace.resolve("charts"));
    Helm.create().withName("shop").withDir(workspace.resolve("charts")).call();
    kube.kubeconfig(workspace.resolve("kubeconfig"));
  }

  @AfterAll
  static void stopCluster() {
    kube.close();
  }

  private Object pipeline(String namespace, String script) {
    return pipeline(namespace, script, Map.of());
  }

  private Object pipeline(String namespace, String script, Map<String, String> env) {
    StepLog log =
        new StepLog(
            new PrintStream(logBytes, true, StandardCharsets.UTF_8), SecretMasker.none(), false);
    StepContext context = new StepContext(workspace, env, Credentials.none(), log);
    Binding binding = new Binding();
    binding.setVariable("NS", namespace);
    binding.setVariable("notified", new java.util.ArrayList<Object>());
    GroovyStepBinding.bind(binding, StepRegistry.tagship(), () -> context);
    return new GroovyShell(binding)
        .evaluate(
            """
            def deploy(String tag, boolean smokeOk) {
              rollbackOnFailure(release: 'shop', namespace: NS, kubeconfig: 'kubeconfig',
                                rollbackTimeout: '60s', onRollback: { info -> notified << info }) {
                helmUpgradeAks(release: 'shop', chart: 'charts/shop', namespace: NS,
                               createNamespace: true, imageTag: tag, timeout: '60s',
                               kubeconfig: 'kubeconfig')
                if (!smokeOk) { throw new IllegalStateException('smoke test failed') }
              }
            }
            """
                + script);
  }

  @Test
  void failedSmokeTestRollsBackPastARevisionThatOnlyRolledOut() {
    pipeline("smoke", "deploy('1.27.1', true)");

    assertThatThrownBy(() -> pipeline("smoke", "deploy('1.27.2', false)"))
        .hasMessageContaining("release shop revision 2 failed: smoke test failed")
        .hasMessageContaining("rolled back to revision 1 (now revision 3, verified)");
    assertThat(kube.deploymentImage("smoke", "shop")).isEqualTo("nginx:1.27.1");

    // revision 2 rolled out but failed its smoke test: never a rollback target
    assertThatThrownBy(() -> pipeline("smoke", "deploy('1.28.0-crash', true)"))
        .hasMessageContaining("release shop revision 4 failed")
        .hasMessageContaining("CrashLoopBackOff")
        .hasMessageContaining("rolled back to revision 3");
    assertThat(kube.deploymentImage("smoke", "shop")).isEqualTo("nginx:1.27.1");
  }

  @Test
  void aDeploySupersededWhileItIsVerifiedFailsTheBuildWithoutRollingTheOtherDeployBack()
      throws Exception {
    pipeline("overtaken", "deploy('1.27.1', true)");
    kube.controller().automatic(false); // revision 2 stays unobserved: no verdict of its own
    // the build's deploy holds the release while it verifies: only a client that takes no lease,
    // plain Helm here, can supersede its revision meanwhile
    java.util.concurrent.CompletableFuture<com.marcnuri.helm.Release> other;
    try {
      other =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> {
                awaitDeployedRecord("overtaken", 2);
                return Helm.upgrade(workspace.resolve("charts/shop").toString())
                    .withName("shop")
                    .withNamespace("overtaken")
                    .set("image.tag", "1.27.3")
                    .withKubeConfig(workspace.resolve("kubeconfig"))
                    .call();
              });

      assertThatThrownBy(() -> pipeline("overtaken", "deploy('1.28.0', true)"))
          .hasMessageContaining("revision 2 of shop was superseded by revision 3")
          .hasMessageContaining("not rolled back by this build");
    } finally {
      kube.controller().automatic(true);
    }

    assertThat(other.get(60, java.util.concurrent.TimeUnit.SECONDS).getRevision()).isEqualTo("3");
    assertThat(kube.deploymentImage("overtaken", "shop")).isEqualTo("nginx:1.27.3");
    var history =
        Helm.history("shop")
            .withNamespace("overtaken")
            .withKubeConfigContents(kube.kubeconfigContents())
            .call();
    assertThat(history).as("no rollback revision").hasSize(3);
    assertThat(history.get(history.size() - 1).getStatus()).isEqualTo("deployed");
    // neither the superseded revision 2 nor plain Helm's 3 is recorded good by the build
    assertThat(
            new dev.tagship.deploy.ReleaseDeployer(event -> {})
                .history(
                    "shop",
                    "overtaken",
                    new dev.tagship.deploy.ClusterAccess(kube.kubeconfigContents())))
        .filteredOn(revision -> Boolean.TRUE.equals(revision.good()))
        .extracting(dev.tagship.deploy.RevisionInfo::revision)
        .containsExactly(1);
  }

  /** Waits until Helm has finished the upgrade that makes {@code revision}. */
  private static void awaitDeployedRecord(String namespace, int revision) {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      var record =
          kube.client()
              .secrets()
              .inNamespace(namespace)
              .withName("sh.helm.release.v1.shop.v" + revision)
              .get();
      if (record != null && "deployed".equals(record.getMetadata().getLabels().get("status"))) {
        return;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("revision " + revision + " was never deployed");
  }

  @Test
  void onRollbackHookHearsWhatHappened() {
    Object notified =
        pipeline(
            "hook",
            """
            deploy('1.27.1', true)
            try { deploy('2.0.0-imagepull', true) } catch (e) { }
            return notified
            """);

    assertThat((List<?>) notified).hasSize(1);
    Map<?, ?> info = (Map<?, ?>) ((List<?>) notified).get(0);
    assertThat(info.get("failedRevision")).isEqualTo(2);
    assertThat(info.get("restoredRevision")).isEqualTo(1);
    assertThat(info.get("newRevision")).isEqualTo(3);
    assertThat(String.valueOf(info.get("cause"))).containsAnyOf("ImagePullBackOff", "ErrImagePull");
  }

  @Test
  void verifyCommandThatFailsAfterTheBlockRollsBack() {
    pipeline("verified", "deploy('1.27.1', true)");

    assertThatThrownBy(
            () ->
                pipeline(
                    "verified",
                    """
                    rollbackOnFailure(release: 'shop', namespace: NS, kubeconfig: 'kubeconfig',
                                      verify: 'test -f smoke-ok') {
                      helmUpgradeAks(release: 'shop', chart: 'charts/shop', namespace: NS,
                                     imageTag: '1.27.3', timeout: '60s', kubeconfig: 'kubeconfig')
                    }
                    """))
        .hasMessageContaining("verify: `test -f smoke-ok` failed")
        .hasMessageContaining("rolled back to revision 1");
    assertThat(kube.deploymentImage("verified", "shop")).isEqualTo("nginx:1.27.1");
  }

  @Test
  void verifyCommandRunsInTheBuildsEnvironmentNotInTagshipsOwn() {
    // HOME is in this JVM's environment but not in the build's: the command must not see it.
    pipeline(
        "verify-env",
        """
        rollbackOnFailure(release: 'shop', namespace: NS, kubeconfig: 'kubeconfig',
                          verify: 'test "$SMOKE_TARGET" = shop-web && test -z "$HOME"') {
          helmUpgradeAks(release: 'shop', chart: 'charts/shop', namespace: NS,
                         createNamespace: true, imageTag: '1.27.1', timeout: '60s',
                         kubeconfig: 'kubeconfig')
        }
        """,
        Map.of("PATH", System.getenv("PATH"), "SMOKE_TARGET", "shop-web"));

    assertThat(kube.deploymentImage("verify-env", "shop")).isEqualTo("nginx:1.27.1");
  }

  @Test
  void keepFailedOnlyReports() {
    pipeline("keep", "deploy('1.27.1', true)");

    assertThatThrownBy(
            () ->
                pipeline(
                    "keep",
                    """
                    rollbackOnFailure(release: 'shop', namespace: NS, kubeconfig: 'kubeconfig',
                                      keepFailed: true) {
                      helmUpgradeAks(release: 'shop', chart: 'charts/shop', namespace: NS,
                                     imageTag: '1.30.0-crash', timeout: '60s',
                                     kubeconfig: 'kubeconfig')
                    }
                    """))
        .hasMessageContaining("kept as asked (keepFailed: true)");
    assertThat(kube.deploymentImage("keep", "shop")).isEqualTo("nginx:1.30.0-crash");
  }
}
