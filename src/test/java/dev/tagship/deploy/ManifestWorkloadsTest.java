package dev.tagship.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Reading the workloads out of a manifest as Helm stores it: documents with Source comments. */
class ManifestWorkloadsTest {

  private static final String MANIFEST =
      """
      ---
      # Source: stack/templates/empty.yaml
      ---
      # Source: stack/templates/deployment.yaml
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      ---
      # Source: stack/charts/exporter/templates/daemonset.yaml
      apiVersion: apps/v1
      kind: DaemonSet
      metadata:
        name: exporter
        namespace: monitoring
      ---
      # Source: stack/templates/migrate.yaml
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: migrate
      ---
      # Source: stack/templates/report.yaml
      apiVersion: batch/v1
      kind: CronJob
      metadata:
        name: report
        namespace: jobs
      ---
      # Source: stack/templates/service.yaml
      apiVersion: v1
      kind: Service
      metadata:
        name: web
      ---
      # Source: stack/templates/rollout.yaml
      apiVersion: argoproj.io/v1alpha1
      kind: Rollout
      metadata:
        name: canary
      """;

  @Test
  void rolloutsAndOtherPodMakersAreReadEachInItsOwnNamespace() {
    ManifestWorkloads workloads = ManifestWorkloads.parse(MANIFEST, "shop");

    assertThat(workloads.rollouts())
        .containsExactly(
            new WorkloadRef("Deployment", "shop", "web"),
            new WorkloadRef("DaemonSet", "monitoring", "exporter"));
    assertThat(workloads.notVerified())
        .containsExactly(
            new WorkloadRef("Job", "shop", "migrate"),
            new WorkloadRef("CronJob", "jobs", "report"));
    assertThat(workloads.rollouts().get(1).describe("shop"))
        .isEqualTo("daemonset exporter in namespace monitoring");
    assertThat(workloads.rollouts().get(0).describe("shop")).isEqualTo("deployment web");
  }

  @Test
  void anEmptyManifestHasNoWorkloadsAndABrokenOneSaysSo() {
    assertThat(ManifestWorkloads.parse("", "shop").rollouts()).isEmpty();
    assertThatThrownBy(() -> ManifestWorkloads.parse("kind: [unclosed\n", "shop"))
        .isInstanceOf(DeployException.class)
        .hasMessageContaining("the manifest Helm stored for this revision could not be read");
  }
}
