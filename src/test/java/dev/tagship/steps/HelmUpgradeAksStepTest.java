package dev.tagship.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import dev.tagship.core.SecretMasker;
import dev.tagship.deploy.ChartPublisher;
import dev.tagship.deploy.Verification;
import dev.tagship.image.RegistryAccess;
import dev.tagship.image.RegistryCredentials;
import dev.tagship.sandbox.kube.KubeApiStandIn;
import dev.tagship.testing.RegistryFixture;
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

/** helmUpgradeAks from real Groovy against the Kubernetes API stand-in. */
class HelmUpgradeAksStepTest {

  @TempDir static Path workspace;
  static KubeApiStandIn kube;
  static RegistryFixture registry;

  final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();

  @BeforeAll
  static void startCluster() throws Exception {
    kube = KubeApiStandIn.start();
    Files.createDirectories(workspace.resolve("charts"));
    Helm.create().withName("shop").withDir(workspace.resolve("charts")).call();
    Files.writeString(workspace.resolve("ca.pem"), kube.certificateAuthorityPem());
  }

  @AfterAll
  static void stopCluster() {
    kube.close();
    if (registry != null) {
      registry.close();
    }
  }

  private Object run(String script) {
    Credentials credentials =
        Credentials.of(
            List.of(
                new Credential.SecretText("aks-token", kube.token()),
                new Credential.UsernamePassword(
                    "registry", RegistryFixture.USERNAME, RegistryFixture.PASSWORD)));
    StepLog log =
        new StepLog(
            new PrintStream(logBytes, true, StandardCharsets.UTF_8), SecretMasker.none(), false);
    StepContext context = new StepContext(workspace, Map.of(), credentials, log);
    Binding binding = new Binding();
    binding.setVariable("SERVER", kube.url());
    binding.setVariable("REGISTRY", registry == null ? "" : registry.host());
    GroovyStepBinding.bind(binding, StepRegistry.tagship(), () -> context);
    return new GroovyShell(binding).evaluate(script);
  }

  @Test
  void deployReturnsTheVerifiedRevision() {
    Object revision =
        run(
            """
            def d = helmUpgradeAks(release: 'shop', chart: 'charts/shop', namespace: 'dev',
                                   createNamespace: true, imageTag: '1.27.1', timeout: '60s',
                                   server: SERVER, caFile: 'ca.pem', credentialsId: 'aks-token')
            return d.revision
            """);

    assertThat(revision).isEqualTo(1);
    assertThat(logBytes.toString(StandardCharsets.UTF_8))
        .contains("helmUpgradeAks: shop revision 1 verified")
        .doesNotContain(kube.token());
  }

  @Test
  void failedRolloutFailsTheStepWithTheRevisionAndCause() {
    assertThatThrownBy(
            () ->
                run(
                    """
                    helmUpgradeAks(release: 'shop', chart: 'charts/shop', namespace: 'qa',
                                   createNamespace: true, imageTag: '1.0.0-imagepull',
                                   timeout: '60s', server: SERVER, caFile: 'ca.pem',
                                   credentialsId: 'aks-token')
                    """))
        .isInstanceOf(RolloutFailedException.class)
        .hasMessageContaining("release shop revision 1 in qa")
        .satisfies(
            e ->
                assertThat(((RolloutFailedException) e).result().verification().outcome())
                    .isEqualTo(Verification.Outcome.FAILED));
  }

  @Test
  void ociChartIsPulledWithTheRegistryCredential() {
    registry =
        RegistryFixture.start(workspace.resolve("registry"), RegistryFixture.Mode.BASIC_AUTH);
    new ChartPublisher(event -> {})
        .publish(
            workspace.resolve("charts/shop"),
            registry.host(),
            "helm",
            new RegistryAccess(
                true,
                null,
                false,
                new RegistryCredentials(RegistryFixture.USERNAME, RegistryFixture.PASSWORD),
                null));

    Object revision =
        run(
            """
            def d = helmUpgradeAks(release: 'shop', chart: "oci://${REGISTRY}/helm/shop",
                                   version: '0.1.0', plainHttp: true,
                                   registryCredentialsId: 'registry', namespace: 'oci',
                                   createNamespace: true, imageTag: '1.27.1', timeout: '60s',
                                   server: SERVER, caFile: 'ca.pem', credentialsId: 'aks-token')
            return d.revision
            """);

    assertThat(revision).isEqualTo(1);
    assertThat(kube.deploymentImage("oci", "shop")).isEqualTo("nginx:1.27.1");
    assertThat(logBytes.toString(StandardCharsets.UTF_8)).doesNotContain(RegistryFixture.PASSWORD);
  }
}
