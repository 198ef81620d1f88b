package dev.tagship.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tagship.core.Event;
import dev.tagship.core.EventListener;
import dev.tagship.core.SecretMasker;
import dev.tagship.steps.Credentials;
import dev.tagship.steps.GroovyStepBinding;
import dev.tagship.steps.StepContext;
import dev.tagship.steps.StepLog;
import dev.tagship.steps.StepRegistry;
import dev.tagship.testing.KubeNamespace;
import dev.tagship.testing.TagshipProcess;
import dev.tagship.testing.TestCharts;
import dev.tagship.testing.TestDeploys;
import dev.tagship.testing.WithKubeControlPlane;
import groovy.lang.Binding;
import groovy.lang.GroovyShell;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, defects 2 and 4, on a real control plane: a build judges, marks and rolls back only the
 * revision it made; two builds never deploy one release at once (the loser fails at once, touching
 * nothing); a pending release is taken over only when its owner is gone, however short the new
 * deploy's timeout.
 */
@WithKubeControlPlane
class ReleaseOwnershipTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir static Path workspace;
  static Path kubeconfig;
  static KubernetesClient client;
  static ClusterAccess cluster;
  static Path chart;

  final List<Event> events = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start(KubeNamespace kube) throws IOException {
    kubeconfig = kube.kubeconfig();
    client = kube.client();
    cluster = kube.cluster();
    Files.copy(kubeconfig, workspace.resolve("kubeconfig"));
    chart = slowChart(workspace.resolve("charts"));
  }

  /**
   * {@code helm create}'s chart, whose Deployment waits {@code minReadySeconds} before it counts a
   * pod available (so a deploy lasts a few seconds), and with {@code stuckHook=true} a pre-upgrade
   * hook Job that never completes, so Helm keeps the revision pending.
   */
  private static Path slowChart(Path dir) throws IOException {
    Path shop = TestCharts.deployment(dir, "shop");
    Path deployment = shop.resolve("templates/deployment.yaml");
    String template = Files.readString(deployment);
    String slowed =
        template.replaceFirst(
            "\nspec:\n", "\nspec:\n  minReadySeconds: {{ .Values.minReadySeconds | default 0 }}\n");
    assertThat(slowed).as("helm create's Deployment template changed").isNotEqualTo(template);
    Files.writeString(deployment, slowed);
    Files.writeString(
        shop.resolve("templates/slow-hook.yaml"),
        """
        {{- if .Values.stuckHook }}
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: {{ include "shop.fullname" . }}-pre-upgrade
          annotations:
            "helm.sh/hook": pre-upgrade
            "helm.sh/hook-delete-policy": before-hook-creation
        spec:
          backoffLimit: 0
          template:
            spec:
              restartPolicy: Never
              # no node has this name: the pod is never scheduled, the Job never completes
              nodeSelector:
                kubernetes.io/hostname: no-such-node
              containers:
                - name: hook
                  image: registry.invalid/hook:1.0
        {{- end }}
        """);
    return shop;
  }

  // ------------------------------------------------------------------ two builds at once

  @Test
  void twoBuildsDeployingOneReleaseAtOnceOneWinsAndTheLoserTouchesNothingOfIts(KubeNamespace kube)
      throws Exception {
    String namespace = kube.name();
    pipeline(namespace, "1.0.0");
    CyclicBarrier together = new CyclicBarrier(2);
    ExecutorService builds = Executors.newFixedThreadPool(2);
    List<Future<Outcome>> outcomes = new ArrayList<>();
    try {
      for (String tag : List.of("2.0.0", "3.0.0")) {
        outcomes.add(
            builds.submit(
                timed(
                    () -> {
                      together.await(30, TimeUnit.SECONDS);
                      return pipeline(namespace, tag);
                    },
                    tag)));
      }
      Outcome first = outcomes.get(0).get(2, TimeUnit.MINUTES);
      Outcome second = outcomes.get(1).get(2, TimeUnit.MINUTES);

      assertThat(List.of(first.failure() == null, second.failure() == null))
          .as("exactly one build wins: %s / %s", first, second)
          .containsExactlyInAnyOrder(true, false);
      Outcome winner = first.failure() == null ? first : second;
      Outcome loser = first.failure() == null ? second : first;
      assertThat(loser.failure())
          .hasMessageContaining("release shop is being deployed by another build: tagship deploy")
          .hasMessageContaining("nothing of this build's to roll back");
      System.out.println("issue 12 figure: the losing build failed after " + loser.took());

      // the winner's revision is the release's last, deployed, recorded good and running
      List<JsonNode> revisions = new ReleaseRecords(client).revisions("shop", namespace);
      assertThat(revisions).extracting(r -> r.path("version").asInt()).containsExactly(1, 2);
      assertThat(revisions.get(1).path("info").path("status").asText()).isEqualTo("deployed");
      assertThat(new ReleaseRecords(client).good("shop", namespace)).containsExactly(1, 2);
      assertThat(new ReleaseRecords(client).failed("shop", namespace)).isEmpty();
      assertThat(deploymentImage(namespace)).isEqualTo("nginx:" + winner.tag());
    } finally {
      builds.shutdownNow();
    }
  }

  @Test
  void twoTagshipProcessesDeployingOneReleaseAtOnceOneWinsTheOtherSaysWhoHoldsIt(KubeNamespace kube)
      throws Exception {
    String namespace = kube.name();
    deploy(namespace, "1.0.0");
    List<Process> processes = new ArrayList<>();
    List<Instant> started = new ArrayList<>();
    for (String tag : List.of("2.0.0", "3.0.0")) {
      started.add(Instant.now());
      processes.add(
          TagshipProcess.start(
              Files.createDirectories(workspace.resolve("tmp-" + tag)),
              TagshipProcess.plainEnvironment(workspace),
              "deploy",
              "--release",
              "shop",
              "--namespace",
              namespace,
              "--chart",
              chart.toString(),
              "--image-tag",
              tag,
              "--set",
              "minReadySeconds=6",
              "--timeout",
              "60s",
              "--kubeconfig",
              kubeconfig.toString()));
    }
    List<String> outputs = new ArrayList<>();
    List<Integer> exits = new ArrayList<>();
    List<java.util.concurrent.CompletableFuture<Duration>> took = new ArrayList<>();
    for (int i = 0; i < processes.size(); i++) {
      Instant start = started.get(i);
      took.add(
          processes.get(i).onExit().thenApply(ended -> Duration.between(start, Instant.now())));
    }
    for (int i = 0; i < processes.size(); i++) {
      Process process = processes.get(i);
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
      outputs.add(output);
      exits.add(process.exitValue());
    }

    assertThat(exits).as("exit codes, outputs: %s", outputs).containsExactlyInAnyOrder(0, 1);
    int loser = exits.indexOf(1);
    assertThat(outputs.get(loser))
        .contains("release shop is being deployed by another build: tagship deploy, pid ")
        .contains(" s after its last heartbeat");
    System.out.println(
        "issue 12 figure: the losing tagship process exited after "
            + took.get(loser).get()
            + " (JVM start included), the winner after "
            + took.get(1 - loser).get());
    List<JsonNode> revisions = new ReleaseRecords(client).revisions("shop", namespace);
    assertThat(revisions).extracting(r -> r.path("version").asInt()).containsExactly(1, 2);
    assertThat(new ReleaseRecords(client).good("shop", namespace)).containsExactly(1, 2);
    assertThat(deploymentImage(namespace)).isEqualTo("nginx:" + (loser == 0 ? "3.0.0" : "2.0.0"));
  }

  @Test
  void aSecondDeployStartedWhileTheFirstIsVerifiedIsRefusedAndTheFirstsVerdictStands(
      KubeNamespace kube) throws Exception {
    String namespace = kube.name();
    deploy(namespace, "1.0.0");
    CompletableFuture<DeployResult> second = new CompletableFuture<>();
    EventListener startSecondOnceUpgraded =
        event -> {
          events.add(event);
          if (event.message().startsWith("Release shop revision 2 in ")) {
            // Helm has made revision 2; its verification (minReadySeconds=4) is still to come
            CompletableFuture.runAsync(
                () -> {
                  try {
                    second.complete(
                        new ReleaseDeployer(e -> {})
                            .deploy(
                                TestDeploys.request(
                                    "shop", chart, namespace, "3.0.0", TIMEOUT, cluster)));
                  } catch (RuntimeException e) {
                    second.completeExceptionally(e);
                  }
                });
            second.handle((result, failure) -> null).orTimeout(60, TimeUnit.SECONDS).join();
          }
        };

    DeployResult first =
        new ReleaseDeployer(startSecondOnceUpgraded)
            .deploy(
                TestDeploys.request(
                    "shop", chart, namespace, "2.0.0", TIMEOUT, cluster, "minReadySeconds=4"));

    assertThatThrownBy(second::join)
        .hasCauseInstanceOf(DeployException.class)
        .hasMessageContaining("release shop is being deployed by another build: tagship deploy")
        .hasMessageContaining("pid " + ProcessHandle.current().pid());
    assertThat(first.revision()).isEqualTo(2);
    assertThat(first.verification().succeeded()).as(first.verification().summary()).isTrue();
    assertThat(new ReleaseRecords(client).revisions("shop", namespace)).hasSize(2);
    assertThat(new ReleaseRecords(client).good("shop", namespace)).containsExactly(1, 2);
    assertThat(new ReleaseRecords(client).failed("shop", namespace)).isEmpty();
    assertThat(deploymentImage(namespace)).isEqualTo("nginx:2.0.0");
  }

  // ------------------------------------------------------------------ pending releases

  @Test
  void aLivePendingDeployIsNotTakenOverByADeployWithAShortTimeout(KubeNamespace kube)
      throws Exception {
    String namespace = kube.name();
    deploy(namespace, "1.0.0");
    Process owner =
        TagshipProcess.builder(
                Files.createDirectories(workspace.resolve("tmp-" + namespace)),
                TagshipProcess.plainEnvironment(workspace),
                "deploy",
                "--release",
                "shop",
                "--namespace",
                namespace,
                "--chart",
                chart.toString(),
                "--image-tag",
                "2.0.0",
                "--set",
                "stuckHook=true",
                "--timeout",
                "5m",
                "--kubeconfig",
                kubeconfig.toString())
            .redirectOutput(workspace.resolve(namespace + "-owner.log").toFile())
            .start();
    try {
      awaitTrue("revision 2 pending", () -> "pending-upgrade".equals(status(namespace, 2)));
      // older than the next deploy's timeout: the rule this replaces took it over from here on
      Instant pendingSince = lastDeployed(namespace, 2);
      while (Instant.now().isBefore(pendingSince.plusSeconds(11))) {
        Thread.sleep(250);
      }

      assertThatThrownBy(
              () ->
                  new ReleaseDeployer(events::add)
                      .deploy(
                          TestDeploys.request(
                              "shop", chart, namespace, "3.0.0", Duration.ofSeconds(10), cluster)))
          .isInstanceOf(DeployException.class)
          .hasMessageContaining("release shop is being deployed by another build: tagship deploy")
          .hasMessageContaining("pid " + owner.pid());
      assertThatThrownBy(() -> deployRepairing(namespace, "3.0.0", Duration.ofSeconds(10)))
          .as("--repair-pending does not take a release from a live build")
          .hasMessageContaining("is being deployed by another build");

      assertThat(owner.isAlive()).isTrue();
      assertThat(status(namespace, 2)).isEqualTo("pending-upgrade");
      assertThat(new ReleaseRecords(client).revisions("shop", namespace)).hasSize(2);
      assertThat(deploymentImage(namespace)).isEqualTo("nginx:1.0.0");
    } finally {
      owner.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aPendingReleaseWhoseOwnerWasKilledIsRepairedOnceItsLeaseLapses(KubeNamespace kube)
      throws Exception {
    String namespace = kube.name();
    deploy(namespace, "1.0.0");
    Process owner = shortLeaseDeploy(namespace, "2.0.0", 3, "stuckHook=true");
    awaitTrue("revision 2 pending", () -> "pending-upgrade".equals(status(namespace, 2)));
    owner.destroyForcibly(); // kill -9
    assertThat(owner.waitFor(30, TimeUnit.SECONDS)).isTrue();
    Instant killed = Instant.now();

    // its heartbeat is younger than its 3 s lease: it still owns the release
    assertThatThrownBy(() -> deploy(namespace, "3.0.0"))
        .hasMessageContaining("release shop is being deployed by another build")
        .hasMessageContaining("lapses 3 s after its last heartbeat");
    DeployResult repaired = null;
    Instant deadline = killed.plusSeconds(30);
    while (repaired == null && Instant.now().isBefore(deadline)) {
      try {
        repaired = deploy(namespace, "3.0.0");
      } catch (DeployException stillHeld) {
        assertThat(stillHeld).hasMessageContaining("is being deployed by another build");
        Thread.sleep(250);
      }
    }
    Duration repairedAfter = Duration.between(killed, Instant.now());

    assertThat(repaired).as("repaired within 30 s of the kill").isNotNull();
    System.out.println(
        "issue 12 figure: a pending release was repaired " + repairedAfter + " after kill -9");
    assertThat(repaired.revision()).isEqualTo(3);
    assertThat(repaired.verification().succeeded()).isTrue();
    assertThat(status(namespace, 2)).isEqualTo("failed");
    assertThat(events)
        .extracting(Event::message)
        .anyMatch(
            m ->
                m.contains(
                        "revision 2 was left pending-upgrade by tagship deploy, pid " + owner.pid())
                    && m.contains("that build is gone"));
    assertThat(deploymentImage(namespace)).isEqualTo("nginx:3.0.0");
  }

  @Test
  void aPendingReleaseLeftByPlainHelmIsRepairedOnlyWhenAsked(KubeNamespace kube) throws Exception {
    String namespace = kube.name();
    deploy(namespace, "1.0.0");
    Process owner = shortLeaseDeploy(namespace, "2.0.0", 3, "stuckHook=true");
    awaitTrue("revision 2 pending", () -> "pending-upgrade".equals(status(namespace, 2)));
    owner.destroyForcibly();
    assertThat(owner.waitFor(30, TimeUnit.SECONDS)).isTrue();
    // what plain helm leaves: a pending revision and no lease
    client
        .resources(io.fabric8.kubernetes.api.model.coordination.v1.Lease.class)
        .inNamespace(namespace)
        .withName(ReleaseLease.name("shop"))
        .delete();

    assertThatThrownBy(() -> deploy(namespace, "3.0.0"))
        .hasMessageContaining("revision 2 is pending-upgrade since")
        .hasMessageContaining("no tagship build owns it")
        .hasMessageContaining("--repair-pending");
    DeployResult repaired = deployRepairing(namespace, "3.0.0", TIMEOUT);

    assertThat(repaired.revision()).isEqualTo(3);
    assertThat(status(namespace, 2)).isEqualTo("failed");
  }

  // ------------------------------------------------------------------ rollbackOnFailure

  @Test
  void aFailedBlockRollsBackOnlyItsOwnRevisionNeverOneMadeAfterIt(KubeNamespace kube)
      throws Exception {
    String namespace = kube.name();
    pipeline(namespace, "1.0.0");
    StepContext context = context();
    // the block's deploy succeeds, then another build deploys, then the block's smoke test fails
    Callable<Object> block =
        () ->
            groovy(context, namespace, "2.0.0")
                .evaluate(
                    """
                    rollbackOnFailure(release: 'shop', namespace: NS, kubeconfig: 'kubeconfig',
                                      rollbackTimeout: '60s') {
                      helmUpgradeAks(release: 'shop', chart: 'charts/shop', namespace: NS,
                                     imageTag: TAG, timeout: '60s', kubeconfig: 'kubeconfig')
                      otherBuild.run()
                      throw new IllegalStateException('smoke test failed')
                    }
                    """);

    assertThatThrownBy(block::call)
        .hasMessageContaining("release shop revision 2 failed: smoke test failed")
        .hasMessageContaining("not rolled back: revision 3 of shop")
        .hasMessageContaining("a build rolls back only the revision it made");

    assertThat(new ReleaseRecords(client).failed("shop", namespace)).containsExactly(2);
    assertThat(new ReleaseRecords(client).good("shop", namespace)).containsExactly(1, 3);
    assertThat(new ReleaseRecords(client).revisions("shop", namespace)).hasSize(3);
    assertThat(deploymentImage(namespace)).isEqualTo("nginx:4.0.0");
  }

  // ------------------------------------------------------------------ helpers

  private record Outcome(String tag, Throwable failure, Duration took) {}

  private static Callable<Outcome> timed(Callable<Object> build, String tag) {
    return () -> {
      long start = System.nanoTime();
      try {
        build.call();
        return new Outcome(tag, null, Duration.ofNanos(System.nanoTime() - start));
      } catch (Exception e) {
        return new Outcome(tag, e, Duration.ofNanos(System.nanoTime() - start));
      }
    };
  }

  private DeployResult deploy(String namespace, String tag) {
    return new ReleaseDeployer(events::add)
        .deploy(TestDeploys.request("shop", chart, namespace, tag, TIMEOUT, cluster));
  }

  private DeployResult deployRepairing(String namespace, String tag, Duration timeout) {
    return new ReleaseDeployer(events::add)
        .deploy(
            new DeployRequest(
                "shop",
                chart.toString(),
                null,
                namespace,
                false,
                tag,
                null,
                List.of(),
                List.of(),
                timeout,
                true,
                null,
                cluster));
  }

  /** {@code rollbackOnFailure { helmUpgradeAks(imageTag: tag) }} as a build of its own. */
  private static Object pipeline(String namespace, String tag) {
    return groovy(context(), namespace, tag)
        .evaluate(
            """
            rollbackOnFailure(release: 'shop', namespace: NS, kubeconfig: 'kubeconfig',
                              rollbackTimeout: '60s') {
              helmUpgradeAks(release: 'shop', chart: 'charts/shop', namespace: NS,
                             createNamespace: true, imageTag: TAG, timeout: '60s',
                             kubeconfig: 'kubeconfig', set: ['minReadySeconds=4'])
            }
            """);
  }

  private static StepContext context() {
    StepLog log =
        new StepLog(
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            SecretMasker.none(),
            false);
    return new StepContext(workspace, Map.of(), Credentials.none(), log);
  }

  private static GroovyShell groovy(StepContext context, String namespace, String tag) {
    Binding binding = new Binding();
    binding.setVariable("NS", namespace);
    binding.setVariable("TAG", tag);
    // another build, in a context of its own, deploying the same release meanwhile
    Runnable otherBuild =
        () ->
            new ReleaseDeployer(e -> {})
                .deploy(TestDeploys.request("shop", chart, namespace, "4.0.0", TIMEOUT, cluster));
    binding.setVariable("otherBuild", otherBuild);
    GroovyStepBinding.bind(binding, StepRegistry.tagship(), () -> context);
    return new GroovyShell(binding);
  }

  private Process shortLeaseDeploy(String namespace, String tag, int leaseSeconds, String set)
      throws IOException {
    List<String> command =
        List.of(
            ProcessHandle.current().info().command().orElse("java"),
            "-XX:TieredStopAtLevel=1",
            "-Djava.io.tmpdir=" + Files.createDirectories(workspace.resolve("tmp-" + namespace)),
            "-cp",
            System.getProperty("java.class.path"),
            ShortLeaseDeploy.class.getName(),
            kubeconfig.toString(),
            namespace,
            "shop",
            chart.toString(),
            tag,
            "" + leaseSeconds,
            set);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(workspace.resolve("short-lease-" + namespace + ".log").toFile());
    builder.environment().clear();
    builder.environment().putAll(TagshipProcess.plainEnvironment(workspace));
    return builder.start();
  }

  private static String status(String namespace, int revision) {
    return new ReleaseRecords(client)
        .revisions("shop", namespace).stream()
            .filter(r -> r.path("version").asInt() == revision)
            .map(r -> r.path("info").path("status").asText())
            .findFirst()
            .orElse("absent");
  }

  private static Instant lastDeployed(String namespace, int revision) {
    return new ReleaseRecords(client)
        .revisions("shop", namespace).stream()
            .filter(r -> r.path("version").asInt() == revision)
            .map(r -> OffsetDateTime.parse(r.path("info").path("last_deployed").asText()))
            .findFirst()
            .orElseThrow()
            .toInstant();
  }

  private static String deploymentImage(String namespace) {
    return client
        .apps()
        .deployments()
        .inNamespace(namespace)
        .withName("shop")
        .get()
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getImage();
  }

  private static void awaitTrue(String what, BooleanSupplier condition)
      throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(60);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(what + " not within 60 s");
      }
      Thread.sleep(200);
    }
  }
}
