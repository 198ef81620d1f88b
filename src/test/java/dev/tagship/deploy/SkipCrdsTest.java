package dev.tagship.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tagship.testing.KubeControlPlane;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --skip-crds} as Helm has it (issue 12, defect 7), on a real control plane. */
class SkipCrdsTest {

  private static final String CRD = "widgets.example.com";

  @TempDir static Path temp;
  static KubeControlPlane plane;
  static KubernetesClient client;
  static Path chart;

  @BeforeAll
  static void start() throws IOException {
    plane = KubeControlPlane.start(temp.resolve("plane"));
    client = plane.client();
    chart = chartWithCrd(temp.resolve("charts"));
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (plane != null) {
      plane.close();
    }
  }

  private DeployResult deploy(String release, boolean skipCrds) {
    return new ReleaseDeployer(e -> {})
        .deploy(
            new DeployRequest(
                release,
                chart.toString(),
                null,
                release,
                true,
                "1.0",
                null,
                List.of(),
                List.of(),
                Duration.ofSeconds(60),
                false,
                null,
                ClusterAccess.fromFile(plane.kubeconfig()),
                DeployRequest.DEFAULT_HISTORY_MAX,
                null,
                skipCrds));
  }

  @Test
  void aChartsCrdsAreInstalledUnlessSkipped() {
    assertThat(deploy("skipping", true).verification().succeeded()).isTrue();
    assertThat(client.apiextensions().v1().customResourceDefinitions().withName(CRD).get())
        .isNull();

    assertThat(deploy("installing", false).verification().succeeded()).isTrue();
    assertThat(client.apiextensions().v1().customResourceDefinitions().withName(CRD).get())
        .isNotNull();
  }

  private static Path chartWithCrd(Path dir) throws IOException {
    Path chart = dir.resolve("widgets");
    write(chart.resolve("Chart.yaml"), "apiVersion: v2\nname: widgets\nversion: 1.0.0\n");
    write(chart.resolve("values.yaml"), "image:\n  tag: latest\n");
    write(
        chart.resolve("crds/widgets.yaml"),
        """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.example.com
        spec:
          group: example.com
          names: {kind: Widget, plural: widgets, singular: widget}
          scope: Namespaced
          versions:
            - name: v1
              served: true
              storage: true
              schema:
                openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
        """);
    write(
        chart.resolve("templates/deployment.yaml"),
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: widgets
        spec:
          replicas: 1
          selector:
            matchLabels: {app: widgets}
          template:
            metadata:
              labels: {app: widgets}
            spec:
              containers:
                - name: widgets
                  image: "registry.invalid/widgets:{{ .Values.image.tag }}"
        """);
    return chart;
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }
}
