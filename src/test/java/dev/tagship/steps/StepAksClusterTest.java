package dev.tagship.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import dev.tagship.azure.AksClusterRequest;
import dev.tagship.azure.AksKubeconfig;
import dev.tagship.core.SecretMasker;
import dev.tagship.sandbox.kube.KubeApiStandIn;
import dev.tagship.testing.AksApiFixture;
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

/**
 * helmUpgradeAks and rollbackOnFailure reach AKS by name: the real AKS client asks a local Resource
 * Manager for the cluster user kubeconfig, which points at the Kubernetes API stand-in.
 */
class StepAksClusterTest {

  @TempDir static Path workspace;
  static KubeApiStandIn kube;
  static AksApiFixture arm;

  final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();

  @BeforeAll
  static void start() throws Exception {
    kube = KubeApiStandIn.start();
    arm = AksApiFixture.start(workspace.resolve("arm"), kube.kubeconfigContents());
    Files.createDirectories(workspace.resolve("charts"));
    Helm.create().withName("shop").withDir(workspace.resolve("charts")).call();
    kube.kubeconfig(workspace.resolve("kubeconfig"));
  }

  @AfterAll
  static void stop() {
    arm.close();
    kube.close();
  }

  /** What AksAccess.azure() does, with the local Resource Manager and a test identity. */
  private static final AksAccess LOCAL_AKS =
      (subscription, resourceGroup, cluster, tenant, env) ->
          new AksKubeconfig()
              .userKubeconfig(
                  new AksClusterRequest(
                      subscription,
                      resourceGroup,
                      cluster,
                      tenant,
                      AksApiFixture.credential(AksApiFixture.TOKEN),
                      arm.endpoint(),
                      arm.httpClient()));

  private Object run(String script) {
    StepLog log =
        new StepLog(
            new PrintStream(logBytes, true, StandardCharsets.UTF_8), SecretMasker.none(), false);
    StepContext context = new StepContext(workspace, Map.of(), Credentials.none(), log);
    Binding binding = new Binding();
    StepRegistry steps =
        StepRegistry.of(
            List.of(new HelmUpgradeAksStep(LOCAL_AKS), new RollbackOnFailureStep(LOCAL_AKS)));
    GroovyStepBinding.bind(binding, steps, () -> context);
    return new GroovyShell(binding).evaluate(script);
  }

  @Test
  void aksNamesOnBothStepsGetTheClusterKubeconfigFromTheAksApi() {
    Object revision =
        run(
            """
            def aks = [subscription: '00000000-1111-2222-3333-444444444444',
                       resourceGroup: 'rg-shop', cluster: 'aks-dev', tenant: 'tenant-1']
            rollbackOnFailure(aks + [release: 'shop', namespace: 'aks']) {
              return helmUpgradeAks(aks + [release: 'shop', chart: 'charts/shop', namespace: 'aks',
                                           createNamespace: true, imageTag: '1.27.1',
                                           timeout: '60s']).revision
            }
            """);

    assertThat(revision).isEqualTo(1);
    assertThat(kube.deploymentImage("aks", "shop")).isEqualTo("nginx:1.27.1");
    assertThat(arm.requests())
        .filteredOn(r -> r.contains("/listClusterUserCredential"))
        .hasSizeGreaterThanOrEqualTo(2)
        .allMatch(
            r ->
                r.startsWith(
                    "POST /subscriptions/00000000-1111-2222-3333-444444444444"
                        + "/resourceGroups/rg-shop/providers/Microsoft.ContainerService"
                        + "/managedClusters/aks-dev/listClusterUserCredential"));
  }

  @Test
  void aksNamesTogetherWithAKubeconfigAreAUsageError() {
    assertThatThrownBy(
            () ->
                run(
                    """
                    helmUpgradeAks(release: 'shop', chart: 'charts/shop', kubeconfig: 'kubeconfig',
                                   subscription: 'sub', resourceGroup: 'rg', cluster: 'aks-dev')
                    """))
        .isInstanceOf(StepException.class)
        .hasMessageContaining("helmUpgradeAks: give the cluster either by AKS name")
        .hasMessageContaining("not both")
        .satisfies(e -> assertThat(((StepException) e).isUsageError()).isTrue());
    assertThatThrownBy(
            () ->
                run(
                    """
                    rollbackOnFailure(release: 'shop', subscription: 'sub', cluster: 'aks-dev') {
                    }
                    """))
        .isInstanceOf(StepException.class)
        .hasMessageContaining("needs all of subscription, resourceGroup and cluster");
    assertThat(arm.requests())
        .noneMatch(r -> r.contains("/managedClusters/aks-dev/") && r.contains("/sub/"));
  }
}
