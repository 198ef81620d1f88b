package dev.tagship.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tagship.testing.KubeNamespace;
import dev.tagship.testing.WithKubeControlPlane;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --skip-crds} as Helm has it (issue 12, defect 7), on a real control plane. */
@WithKubeControlPlane
class SkipCrdsTest {

  @TempDir Path temp;

  private static DeployResult deploy(
      KubeNamespace kube, Path chart, String release, boolean skipCrds) {
    return new ReleaseDeployer(e -> {})
        .deploy(
            new DeployRequest(
                release,
                chart.toString(),
                null,
                kube.name(),
                true,
                "1.0",
                null,
                List.of(),
                List.of(),
                Duration.ofSeconds(60),
                false,
                null,
                kube.cluster(),
                DeployRequest.DEFAULT_HISTORY_MAX,
                null,
                skipCrds));
  }

  @Test
  void aChartsCrdsAreInstalledUnlessSkipped(KubeNamespace kube) throws IOException {
    // a definition is cluster-wide and outlives the test's namespace: its group is the test's own
    String group = kube.name() + ".example.com";
    String crd = "widgets." + group;
    Path chart = chartWithCrd(temp.resolve("charts"), group);
    try {
      assertThat(deploy(kube, chart, "skipping", true).verification().succeeded()).isTrue();
      assertThat(kube.client().apiextensions().v1().customResourceDefinitions().withName(crd).get())
          .isNull();

      assertThat(deploy(kube, chart, "installing", false).verification().succeeded()).isTrue();
      assertThat(kube.client().apiextensions().v1().customResourceDefinitions().withName(crd).get())
          .isNotNull();
    } finally {
      kube.client().apiextensions().v1().customResourceDefinitions().withName(crd).delete();
    }
  }

  private static Path chartWithCrd(Path dir, String group) throws IOException {
    Path chart = dir.resolve("widgets");
    write(chart.resolve("Chart.yaml"), "apiVersion: v2\nname: widgets\nversion: 1.0.0\n");
    write(chart.resolve("values.yaml"), "image:\n  tag: latest\n");
    write(
        chart.resolve("crds/widgets.yaml"),
        """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.GROUP
        spec:
          group: GROUP
          names: {kind: Widget, plural: widgets, singular: widget}
          scope: Namespaced
          versions:
            - name: v1
              served: true
              storage: true
              schema:
                openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
        """
            .replace("GROUP", group));
    write(
        chart.resolve("templates/deployment.yaml"),
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{ .Release.Name }}
        spec:
          replicas: 1
          selector:
            matchLabels: {app: {{ .Release.Name }}}
          template:
            metadata:
              labels: {app: {{ .Release.Name }}}
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
