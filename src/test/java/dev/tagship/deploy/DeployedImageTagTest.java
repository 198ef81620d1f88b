package dev.tagship.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import dev.tagship.sandbox.kube.KubeApiStandIn;
import dev.tagship.testing.TestDeploys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An image tag that reaches no container is a failed deploy, not a version recorded but never run
 * (issue 12: ingress-nginx reads controller.image.tag, and took --image-tag without a word).
 */
class DeployedImageTagTest {

  private static final String CONTROLLER =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: ingress-nginx-controller
      spec:
        template:
          spec:
            initContainers:
              - name: init
                image: busybox:1.36
            containers:
              - name: controller
                image: registry.k8s.io/ingress-nginx/controller:v1.15.1@sha256:0123abcd
      ---
      apiVersion: batch/v1
      kind: CronJob
      metadata:
        name: cleanup
      spec:
        jobTemplate:
          spec:
            template:
              spec:
                containers:
                  - name: cleanup
                    image: registry.invalid/cleanup:2.0
      """;

  @Test
  void aTagNoContainerCarriesIsNamedWithTheImagesThereAre() {
    assertThat(DeployedImageTag.missing(CONTROLLER, "1.4.2", "ingress", 2))
        .hasValue(
            "revision 2 of ingress runs no image tagged 1.4.2 (its images: busybox:1.36,"
                + " registry.k8s.io/ingress-nginx/controller:v1.15.1@sha256:0123abcd,"
                + " registry.invalid/cleanup:2.0): the chart does not read image.tag. Set the"
                + " chart's own image key with --set (set: in the step), e.g."
                + " controller.image.tag=1.4.2, instead of the image tag");
  }

  @Test
  void aTagOnAnyContainerInitContainerOrPinnedImageIsDeployed() {
    assertThat(DeployedImageTag.missing(CONTROLLER, "v1.15.1", "ingress", 2)).isEmpty();
    assertThat(DeployedImageTag.missing(CONTROLLER, "1.36", "ingress", 2)).isEmpty();
    assertThat(DeployedImageTag.missing(CONTROLLER, "2.0", "ingress", 2)).isEmpty();
  }

  @Test
  void aManifestWithoutContainersHasNothingToCompare() {
    assertThat(
            DeployedImageTag.missing(
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n", "1.0", "conf", 1))
        .isEmpty();
  }

  @Test
  void aChartThatIgnoresImageTagFailsItsDeployAndIsRecordedFailed(@TempDir Path temp)
      throws IOException {
    Helm.create().withName("ingress").withDir(temp).call();
    Path chart = temp.resolve("ingress");
    Path deployment = chart.resolve("templates/deployment.yaml");
    String template = Files.readString(deployment);
    Files.writeString(
        deployment,
        template.replace(
            "{{ .Values.image.tag | default .Chart.AppVersion }}", "{{ .Chart.AppVersion }}"));
    try (KubeApiStandIn kube = KubeApiStandIn.start()) {
      ClusterAccess cluster = new ClusterAccess(kube.kubeconfigContents());

      DeployResult result =
          new ReleaseDeployer(e -> {})
              .deploy(
                  TestDeploys.request(
                      "ingress", chart, "edge", "1.4.2", Duration.ofSeconds(60), cluster));

      assertThat(result.verification().succeeded()).isFalse();
      assertThat(result.verification().summary())
          .startsWith("revision 1 of ingress runs no image tagged 1.4.2 (its images: nginx:");
      try (var client = kube.client()) {
        assertThat(new ReleaseRecords(client).failed("ingress", "edge")).containsExactly(1);
      }
    }
  }
}
