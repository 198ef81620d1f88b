package dev.tagship.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tagship.core.Event;
import dev.tagship.core.SecretMasker;
import dev.tagship.steps.Credentials;
import dev.tagship.steps.GroovyStepBinding;
import dev.tagship.steps.StepContext;
import dev.tagship.steps.StepLog;
import dev.tagship.steps.StepRegistry;
import dev.tagship.testing.KubeControlPlane;
import dev.tagship.testing.TagshipProcess;
import dev.tagship.testing.TestCharts;
import dev.tagship.testing.TestDeploys;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, defects 2 and 4, on a real control plane: a build judges, marks and rolls back only the
 * revision it made; two builds never deploy one release at once (the loser fails at once, touching
 * nothing); a pending release is taken over only when its owner is gone, however short the new
 * deploy's timeout.
 */
class ReleaseOwnershipTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir static Path workspace;
  static KubeControlPlane plane;
  static KubernetesClient client;
  static ClusterAccess cluster;
  static Path chart;

  final List<Event> events = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws IOException {
    plane = KubeControlPlane.start(workspace.resolve("plane"));
    client = plane.client();
    cluster = ClusterAccess.fromFile(plane.kubeconfig());
    Files.copy(plane.kubeconfig(), workspace.resolve("kubeconfig"));
    chart = slowChart(workspace.resolve("charts"));
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
  void twoBuildsDeployingOneReleaseAtOnceOneWinsAndTheLoserTouchesNothingOfIts() throws Exception {
    pipeline("race", "1.0.0");
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
                      return pipeline("race", tag);
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
      List<JsonNode> revisions = new ReleaseRecords(client).revisions("shop", "race");
      assertThat(revisions).extracting(r -> r.path("version").asInt()).containsExactly(1, 2);
      assertThat(revisions.get(1).path("info").path("status").asText()).isEqualTo("deployed");
      assertThat(new ReleaseRecords(client).good("shop", "race")).containsExactly(1, 2);
      assertThat(new ReleaseRecords(client).failed("shop", "race")).isEmpty();
      assertThat(deploymentImage("race")).isEqualTo("nginx:" + winner.tag());
    } finally {
      builds.shutdownNow();
    }
  }

  @Test
  void twoTagshipProcessesDeployingOneReleaseAtOnceOneWinsTheOtherSaysWhoHoldsIt()
      throws Exception {
    deploy("processes", "1.0.0");
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
              "processes",
              "--chart",
              chart.toString(),
              "--image-tag",
              tag,
              "--set",
              "minReadySeconds=6",
              "--timeout",
              "60s",
              "--kubeconfig",
              plane.kubeconfig().toString()));
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
    List<JsonNode> revisions = new ReleaseRecords(client).revisions("shop", "processes");
    assertThat(revisions).extracting(r -> r.path("version").asInt()).containsExactly(1, 2);
    assertThat(new ReleaseRecords(client).good("shop", "processes")).containsExactly(1, 2);
    assertThat(deploymentImage("processes")).isEqualTo("nginx:" + (loser == 0 ? "3.0.0" : "2.0.0"));
  }

  // ------------------------------------------------------------------ pending releases

  @Test
  void aLivePendingDeployIsNotTakenOverByADeployWithAShortTimeout() throws Exception {
    deploy("live", "1.0.0");
    Process owner =
        TagshipProcess.builder(
                Files.createDirectories(workspace.resolve("tmp-live")),
                TagshipProcess.plainEnvironment(workspace),
                "deploy",
                "--release",
                "shop",
                "--namespace",
                "live",
                "--chart",
                chart.toString(),
                "--image-tag",
                "2.0.0",
                "--set",
                "stuckHook=true",
                "--timeout",
                "5m",
                "--kubeconfig",
                plane.kubeconfig().toString())
            .redirectOutput(workspace.resolve("live-owner.log").toFile())
            .start();
    try {
      awaitTrue("revision 2 pending", () -> "pending-upgrade".equals(status("live", 2)));
      // older than the next deploy's timeout: the rule this replaces took it over from here on
      Instant pendingSince = lastDeployed("live", 2);
      while (Instant.now().isBefore(pendingSince.plusSeconds(11))) {
        Thread.sleep(250);
      }

      assertThatThrownBy(
              () ->
                  new ReleaseDeployer(events::add)
                      .deploy(
                          TestDeploys.request(
                              "shop", chart, "live", "3.0.0", Duration.ofSeconds(10), cluster)))
          .isInstanceOf(DeployException.class)
          .hasMessageContaining("release shop is being deployed by another build: tagship deploy")
          .hasMessageContaining("pid " + owner.pid());
      assertThatThrownBy(() -> deployRepairing("live", "3.0.0", Duration.ofSeconds(10)))
          .as("--repair-pending does not take a release from a live build")
          .hasMessageContaining("is being deployed by another build");

      assertThat(owner.isAlive()).isTrue();
      assertThat(status("live", 2)).isEqualTo("pending-upgrade");
      assertThat(new ReleaseRecords(client).revisions("shop", "live")).hasSize(2);
      assertThat(deploymentImage("live")).isEqualTo("nginx:1.0.0");
    } finally {
      owner.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aPendingReleaseWhoseOwnerWasKilledIsRepairedOnceItsLeaseLapses() throws Exception {
    deploy("killed", "1.0.0");
    Process owner = shortLeaseDeploy("killed", "2.0.0", 3, "stuckHook=true");
    awaitTrue("revision 2 pending", () -> "pending-upgrade".equals(status("killed", 2)));
    owner.destroyForcibly(); // kill -9
    assertThat(owner.waitFor(30, TimeUnit.SECONDS)).isTrue();
    Instant killed = Instant.now();

    // its heartbeat is younger than its 3 s lease: it still owns the release
    assertThatThrownBy(() -> deploy("killed", "3.0.0"))
        .hasMessageContaining("release shop is being deployed by another build")
        .hasMessageContaining("lapses 3 s after its last heartbeat");
    DeployResult repaired = null;
    Instant deadline = killed.plusSeconds(30);
    while (repaired == null && Instant.now().isBefore(deadline)) {
      try {
        repaired = deploy("killed", "3.0.0");
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
    assertThat(status("killed", 2)).isEqualTo("failed");
    assertThat(events)
        .extracting(Event::message)
        .anyMatch(
            m ->
                m.contains(
                        "revision 2 was left pending-upgrade by tagship deploy, pid " + owner.pid())
                    && m.contains("that build is gone"));
    assertThat(deploymentImage("killed")).isEqualTo("nginx:3.0.0");
  }

  @Test
  void aPendingReleaseLeftByPlainHelmIsRepairedOnlyWhenAsked() throws Exception {
    deploy("plain", "1.0.0");
    Process owner = shortLeaseDeploy("plain", "2.0.0", 3, "stuckHook=true");
    awaitTrue("revision 2 pending", () -> "pending-upgrade".equals(status("plain", 2)));
    owner.destroyForcibly();
    assertThat(owner.waitFor(30, TimeUnit.SECONDS)).isTrue();
    // what plain helm leaves: a pending revision and no lease
    client
        .resources(io.fabric8.kubernetes.api.model.coordination.v1.Lease.class)
        .inNamespace("plain")
        .withName(ReleaseLease.name("shop"))
        .delete();

    assertThatThrownBy(() -> deploy("plain", "3.0.0"))
        .hasMessageContaining("revision 2 is pending-upgrade since")
        .hasMessageContaining("no tagship build owns it")
        .hasMessageContaining("--repair-pending");
    DeployResult repaired = deployRepairing("plain", "3.0.0", TIMEOUT);

    assertThat(repaired.revision()).isEqualTo(3);
    assertThat(status("plain", 2)).isEqualTo("failed");
  }

  // ------------------------------------------------------------------ rollbackOnFailure

  @Test
  void aFailedBlockRollsBackOnlyItsOwnRevisionNeverOneMadeAfterIt() throws Exception {
    pipeline("after", "1.0.0");
    StepContext context = context();
    // the block's deploy succeeds, then another build deploys, then the block's smoke test fails
    Callable<Object> block =
        () ->
            groovy(context, "after", "2.0.0")
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

    assertThat(new ReleaseRecords(client).failed("shop", "after")).containsExactly(2);
    assertThat(new ReleaseRecords(client).good("shop", "after")).containsExactly(1, 3);
    assertThat(new ReleaseRecords(client).revisions("shop", "after")).hasSize(3);
    assertThat(deploymentImage("after")).isEqualTo("nginx:4.0.0");
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
            plane.kubeconfig().toString(),
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
