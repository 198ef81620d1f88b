package dev.tagship.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.ReleaseHistory;
import dev.tagship.core.Event;
import dev.tagship.sandbox.kube.KubeApiStandIn;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real Helm (helm-java) against the Kubernetes API stand-in, whose controller plays the rollouts:
 * image tags containing "crash" crash-loop, "imagepull" cannot be pulled.
 */
class ReleaseDeployerTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir static Path temp;
  static KubeApiStandIn kube;
  static Path chart;

  final List<Event> events = new CopyOnWriteArrayList<>();

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

  private DeployResult deploy(String namespace, String tag) {
    return new ReleaseDeployer(events::add)
        .deploy(
            new DeployRequest(
                "shop",
                chart.toString(),
                null,
                namespace,
                true,
                tag,
                null,
                List.of(),
                List.of("replicaCount=1"),
                TIMEOUT,
                false,
                new ReleaseMetadata(
                    "abc123", "v1.4.2", "sha256:feed", "https://ci.example.test/7/"),
                new ClusterAccess(kube.kubeconfigContents())));
  }

  @Test
  void installThenUpgradeVerifiesEachRolloutAndRecordsWhatWasDeployed() {
    DeployResult installed = deploy("ok", "1.27.1");
    DeployResult upgraded = deploy("ok", "1.27.2");

    assertThat(installed.revision()).isEqualTo(1);
    assertThat(installed.verification().succeeded()).isTrue();
    assertThat(upgraded.revision()).isEqualTo(2);
    assertThat(upgraded.status()).isEqualTo("deployed");
    assertThat(upgraded.verification().outcome()).isEqualTo(Verification.Outcome.SUCCEEDED);
    List<ReleaseHistory> history =
        Helm.history("shop")
            .withNamespace("ok")
            .withKubeConfigContents(kube.kubeconfigContents())
            .call();
    assertThat(history).hasSize(2);
    assertThat(history.get(1).getDescription())
        .contains("\"commit\":\"abc123\"")
        .contains("\"tag\":\"v1.4.2\"")
        .contains("\"image\":\"sha256:feed\"")
        .contains("\"build\":\"https://ci.example.test/7/\"");
  }

  private DeployResult deployCapped(String namespace, String tag, int historyMax) {
    return new ReleaseDeployer(events::add)
        .deploy(
            new DeployRequest(
                "shop",
                chart.toString(),
                null,
                namespace,
                true,
                tag,
                null,
                List.of(),
                List.of(),
                TIMEOUT,
                false,
                null,
                new ClusterAccess(kube.kubeconfigContents()),
                historyMax,
                null,
                false));
  }

  private List<Integer> helmHistory(String namespace) {
    return Helm.history("shop")
        .withNamespace(namespace)
        .withKubeConfigContents(kube.kubeconfigContents())
        .call()
        .stream()
        .map(ReleaseHistory::getRevision)
        .toList();
  }

  @Test
  void historyIsCappedAfterAVerifiedDeployButTheLastGoodRevisionIsKept() {
    deployCapped("capped", "1.0.0", 2);
    deployCapped("capped", "1.1.0-crash", 2);
    DeployResult failed = deployCapped("capped", "1.2.0-crash", 2);
    assertThat(failed.prunedRevisions()).as("nothing is pruned after a failure").isEmpty();

    DeployResult fourth = deployCapped("capped", "1.3.0", 2);

    // 3 and 4 are the newest two; 1 is the last good one before 4, the rollback target
    assertThat(fourth.prunedRevisions()).containsExactly(2);
    assertThat(helmHistory("capped")).containsExactly(1, 3, 4);

    DeployResult fifth = deployCapped("capped", "1.4.0", 2);

    assertThat(fifth.prunedRevisions()).containsExactly(1, 3);
    assertThat(helmHistory("capped")).containsExactly(4, 5);
    assertThat(
            new ReleaseDeployer(events::add)
                .history("shop", "capped", new ClusterAccess(kube.kubeconfigContents())))
        .extracting(RevisionInfo::revision, RevisionInfo::good)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(4, true),
            org.assertj.core.groups.Tuple.tuple(5, true));
    try (var client = kube.client()) {
      assertThat(
              client
                  .configMaps()
                  .inNamespace("capped")
                  .withName(ReleaseRecords.marksName("shop"))
                  .get()
                  .getData())
          .containsEntry("verified", "4,5")
          .containsEntry("failed", "");
    }
  }

  @Test
  void historyMaxZeroKeepsEveryRevisionAndANegativeOneIsAUsageError() {
    deployCapped("uncapped", "1.0.0", 0);
    deployCapped("uncapped", "1.0.1", 0);
    DeployResult third = deployCapped("uncapped", "1.0.2", 0);

    assertThat(third.prunedRevisions()).isEmpty();
    assertThat(helmHistory("uncapped")).containsExactly(1, 2, 3);
    assertThatThrownBy(() -> deployCapped("uncapped", "1.0.3", -1))
        .isInstanceOf(DeployException.class)
        .hasMessageContaining("history max -1 is not valid");
  }

  @Test
  void crashLoopFailsFastNamingPodContainerReasonAndEvents() {
    deploy("crashing", "1.27.1");
    long started = System.nanoTime();

    DeployResult result = deploy("crashing", "1.27.2-crash");

    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertThat(result.verification().outcome()).isEqualTo(Verification.Outcome.FAILED);
    assertThat(took).isLessThan(TIMEOUT.dividedBy(3));
    assertThat(result.verification().problems())
        .anySatisfy(
            problem ->
                assertThat(problem)
                    .startsWith("pod shop-")
                    .contains("container shop: CrashLoopBackOff")
                    .contains("events:"));
  }

  @Test
  void imageThatCannotBePulledFailsFast() {
    DeployResult result = deploy("nopull", "9.9.9-imagepull");

    assertThat(result.verification().outcome()).isEqualTo(Verification.Outcome.FAILED);
    assertThat(result.verification().summary()).containsAnyOf("ErrImagePull", "ImagePullBackOff");
  }

  @Test
  void serverCaAndTokenReachTheClusterAsTheTeamsPipelineDoes() {
    ClusterAccess fromToken =
        ClusterAccess.fromToken(kube.url(), kube.certificateAuthorityPem(), kube.token());

    DeployResult result =
        new ReleaseDeployer(events::add)
            .deploy(
                new DeployRequest(
                    "api",
                    chart.toString(),
                    null,
                    "bytoken",
                    true,
                    "1.27.1",
                    null,
                    List.of(),
                    List.of(),
                    TIMEOUT,
                    false,
                    null,
                    fromToken));

    assertThat(result.verification().succeeded()).isTrue();
    assertThat(fromToken.toString()).doesNotContain(kube.token());
  }

  @Test
  void temporaryKubeconfigIsOwnerOnlyAndDeleted() throws Exception {
    Path file;
    try (TemporaryKubeconfig kubeconfig =
        TemporaryKubeconfig.write(new ClusterAccess(kube.kubeconfigContents()))) {
      file = kubeconfig.path();
      assertThat(java.nio.file.Files.getPosixFilePermissions(file))
          .containsExactlyInAnyOrder(
              java.nio.file.attribute.PosixFilePermission.OWNER_READ,
              java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    }
    assertThat(file).doesNotExist();
  }

  /** What a build killed in the middle of {@code helm upgrade} leaves behind. */
  private static void leavePending(String namespace, int revision) {
    try (var client = kube.client()) {
      var secret =
          client
              .secrets()
              .inNamespace(namespace)
              .withName("sh.helm.release.v1.shop.v" + revision)
              .get();
      String data = secret.getData().get("release");
      byte[] helmBase64 = java.util.Base64.getDecoder().decode(data);
      byte[] gzipped = java.util.Base64.getDecoder().decode(new String(helmBase64).trim());
      String json;
      try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gzipped))) {
        json = new String(in.readAllBytes());
      }
      json = json.replace("\"status\":\"deployed\"", "\"status\":\"pending-upgrade\"");
      var out = new java.io.ByteArrayOutputStream();
      try (var gzip = new java.util.zip.GZIPOutputStream(out)) {
        gzip.write(json.getBytes());
      }
      String encoded =
          java.util.Base64.getEncoder()
              .encodeToString(
                  java.util.Base64.getEncoder().encodeToString(out.toByteArray()).getBytes());
      secret.getData().put("release", encoded);
      secret.getMetadata().getLabels().put("status", "pending-upgrade");
      client.secrets().inNamespace(namespace).resource(secret).update();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void releaseStuckPendingIsReportedAndRepairedOnlyWhenAsked() {
    deploy("stuck", "1.27.1");
    leavePending("stuck", 1);

    assertThatThrownBy(() -> deploy("stuck", "1.27.2"))
        .isInstanceOf(DeployException.class)
        .hasMessageContaining("revision 1 is pending-upgrade")
        .hasMessageContaining("--repair-pending");

    DeployResult repaired =
        new ReleaseDeployer(events::add)
            .deploy(
                new DeployRequest(
                    "shop",
                    chart.toString(),
                    null,
                    "stuck",
                    false,
                    "1.27.2",
                    null,
                    List.of(),
                    List.of(),
                    TIMEOUT,
                    true,
                    null,
                    new ClusterAccess(kube.kubeconfigContents())));

    assertThat(repaired.revision()).isEqualTo(2);
    assertThat(repaired.verification().succeeded()).isTrue();
    assertThat(events)
        .extracting(Event::message)
        .anyMatch(m -> m.contains("revision 1 was left pending-upgrade (repair asked for)"));
  }

  @Test
  void aRollbackOfAReleaseLeftPendingNamesRepairPendingAndRollsBackWhenAsked() {
    deploy("stuckback", "1.27.1");
    deploy("stuckback", "1.27.2");
    leavePending("stuckback", 2);
    ClusterAccess cluster = new ClusterAccess(kube.kubeconfigContents());
    ReleaseDeployer deployer = new ReleaseDeployer(events::add);

    assertThatThrownBy(
            () ->
                deployer.rollback(
                    new RollbackRequest("shop", "stuckback", null, TIMEOUT, null, false, cluster)))
        .isInstanceOf(DeployException.class)
        .hasMessageContaining("revision 2 is pending-upgrade")
        .hasMessageContaining("roll back again with --repair-pending");

    RollbackResult rolledBack =
        deployer.rollback(
            new RollbackRequest(
                "shop", "stuckback", null, TIMEOUT, null, false, cluster, null, true));

    assertThat(rolledBack.fromRevision()).isEqualTo(2);
    assertThat(rolledBack.restoredRevision()).isEqualTo(1);
    assertThat(rolledBack.newRevision()).isEqualTo(3);
    assertThat(deployer.history("shop", "stuckback", cluster).get(1).status()).isEqualTo("failed");
  }

  @Test
  void aDeployWhileAnotherBuildHoldsTheReleaseFailsAtOnceAndGoesOnOnceItIsGivenBack() {
    deploy("held", "1.27.1");
    try (var client = kube.client()) {
      ReleaseLease other =
          ReleaseLease.take(
              client,
              "shop",
              "held",
              "tagship deploy, build https://ci.example.test/8/",
              ReleaseLease.Timing.DEFAULT,
              event -> {});
      try {
        assertThatThrownBy(() -> deploy("held", "1.27.2"))
            .isInstanceOf(DeployException.class)
            .hasMessageContaining(
                "release shop is being deployed by another build: tagship deploy, build"
                    + " https://ci.example.test/8/ since ")
            .hasMessageContaining("its hold lapses 30 s after its last heartbeat");
      } finally {
        other.close();
      }
      assertThat(deploy("held", "1.27.2").revision()).isEqualTo(2);
    }
  }

  @Test
  void aBuildWhoseReleaseWasTakenFromItMarksNothingAndDoesNotGiveItBack() throws Exception {
    deploy("taken", "1.27.1");
    try (var client = kube.client()) {
      var leases =
          client
              .resources(io.fabric8.kubernetes.api.model.coordination.v1.Lease.class)
              .inNamespace("taken");
      ReleaseLease mine =
          ReleaseLease.take(
              client,
              "shop",
              "taken",
              "this build",
              new ReleaseLease.Timing(Duration.ofSeconds(2), Duration.ofMillis(200)),
              events::add);
      try {
        var lease = leases.withName(ReleaseLease.name("shop")).get();
        lease.getSpec().setHolderIdentity("another build");
        leases.resource(lease).update();

        java.time.Instant deadline = java.time.Instant.now().plusSeconds(10);
        while (events.stream().noneMatch(e -> e.message().startsWith("Lost release shop"))
            && java.time.Instant.now().isBefore(deadline)) {
          Thread.sleep(100);
        }
        assertThatThrownBy(() -> mine.confirmHeld("record revision 1 good"))
            .isInstanceOf(DeployException.class)
            .hasMessageContaining(
                "this build no longer owns release shop in taken (it was taken by another"
                    + " build), so it did not record revision 1 good");
      } finally {
        mine.close();
      }
      assertThat(leases.withName(ReleaseLease.name("shop")).get().getSpec().getHolderIdentity())
          .isEqualTo("another build");
    }
  }

  @Test
  void theStandInRefusesALeaseUpdateFromAStaleRead() {
    deploy("stale", "1.27.1");
    try (var client = kube.client()) {
      var leases =
          client
              .resources(io.fabric8.kubernetes.api.model.coordination.v1.Lease.class)
              .inNamespace("stale");
      var read = leases.withName(ReleaseLease.name("shop")).get();
      read.getSpec().setHolderIdentity("first");
      leases.resource(read).update();
      read.getSpec().setHolderIdentity("second");

      assertThatThrownBy(() -> leases.resource(read).update())
          .isInstanceOfSatisfying(
              io.fabric8.kubernetes.client.KubernetesClientException.class,
              e -> assertThat(e.getCode()).isEqualTo(409));
    }
  }

  @Test
  void wrongTokenIsReportedAsRefusedCredentials() {
    DeployRequest request =
        new DeployRequest(
            "shop",
            chart.toString(),
            null,
            "denied",
            true,
            "1.0.0",
            null,
            List.of(),
            List.of(),
            TIMEOUT,
            false,
            null,
            new ClusterAccess(kube.kubeconfigContents("not-the-token")));

    assertThatThrownBy(() -> new ReleaseDeployer(events::add).deploy(request))
        .isInstanceOf(DeployException.class)
        .hasMessageContaining("refused the credentials");
  }

  @Test
  void unreachableClusterIsSaidToBeUnreachable() throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    String elsewhere =
        kube.kubeconfigContents().replace(kube.url(), "https://127.0.0.1:" + closedPort);
    DeployRequest request =
        new DeployRequest(
            "shop",
            chart.toString(),
            null,
            "nowhere",
            true,
            "1.0.0",
            null,
            List.of(),
            List.of(),
            TIMEOUT,
            false,
            null,
            new ClusterAccess(elsewhere));

    assertThatThrownBy(() -> new ReleaseDeployer(events::add).deploy(request))
        .isInstanceOf(DeployException.class)
        .hasMessageContaining("cannot be reached");
  }

  @Test
  void brokenChartAndValuesThatDoNotRenderFailWithHelmsReasonAndNoRevision() throws Exception {
    Path broken = temp.resolve("broken");
    java.nio.file.Files.createDirectories(broken.resolve("templates"));
    java.nio.file.Files.writeString(broken.resolve("Chart.yaml"), "apiVersion: v2\nname: broken\n");
    ClusterAccess cluster = new ClusterAccess(kube.kubeconfigContents());
    Path badValues = temp.resolve("values-bad.yaml");
    java.nio.file.Files.writeString(badValues, "image:\n  tag: [unclosed\n");
    assertThatThrownBy(
            () ->
                new ReleaseDeployer(events::add)
                    .deploy(
                        new DeployRequest(
                            "shop",
                            broken.toString(),
                            null,
                            "badchart",
                            true,
                            null,
                            null,
                            List.of(),
                            List.of(),
                            TIMEOUT,
                            false,
                            null,
                            cluster)))
        .isInstanceOf(DeployException.class)
        .hasMessageContaining("helm upgrade of shop failed")
        .hasMessageContaining("version");
    assertThatThrownBy(
            () ->
                new ReleaseDeployer(events::add)
                    .deploy(
                        new DeployRequest(
                            "shop",
                            chart.toString(),
                            null,
                            "badvalues",
                            true,
                            null,
                            null,
                            List.of(badValues),
                            List.of(),
                            TIMEOUT,
                            false,
                            null,
                            cluster)))
        .isInstanceOf(DeployException.class)
        .hasMessageContaining("helm upgrade of shop failed")
        .hasMessageContaining("values-bad.yaml");
    try (var client = kube.client()) {
      assertThat(
              client.secrets().inNamespace("badchart").withLabel("owner", "helm").list().getItems())
          .isEmpty();
    }
  }

  @Test
  void badRequestsAreUsageErrors() {
    ClusterAccess cluster = new ClusterAccess(kube.kubeconfigContents());
    assertThatThrownBy(
            () ->
                new DeployRequest(
                    "Shop_1", "x", null, "dev", false, null, null, null, null, null, false, null,
                    cluster))
        .isInstanceOf(DeployException.class)
        .hasMessageContaining("release name 'Shop_1' is not valid");
    assertThatThrownBy(
            () ->
                new DeployRequest(
                    "shop",
                    "x",
                    null,
                    "dev",
                    false,
                    null,
                    null,
                    null,
                    List.of("replicas"),
                    null,
                    false,
                    null,
                    cluster))
        .hasMessageContaining("setting 'replicas' must be KEY=VALUE");
    assertThatThrownBy(
            () ->
                new ReleaseDeployer(events::add)
                    .deploy(
                        new DeployRequest(
                            "shop",
                            temp.resolve("nochart").toString(),
                            null,
                            "dev",
                            false,
                            null,
                            null,
                            null,
                            null,
                            null,
                            false,
                            null,
                            cluster)))
        .hasMessageContaining("does not exist");
  }
}
