package dev.tagship.sandbox.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import com.marcnuri.helm.ReleaseHistory;
import com.marcnuri.helm.UpgradeCommand;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.Watchable;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API server stand-in, driven by the real clients tagship will use: Helm (Go, through
 * helm-java), the fabric8 client and kubectl. One server serves the whole class; each test works in
 * its own namespace.
 */
class KubeApiStandInTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir static Path temp;
  static KubeApiStandIn kube;
  static KubernetesClient client;
  static Path kubeconfig;
  static Path chart;

  @BeforeAll
  static void startServer() {
    kube = KubeApiStandIn.start();
    client = kube.client();
    kubeconfig = kube.kubeconfig(temp.resolve("kubeconfig"));
    Helm.create().withName("shop").withDir(temp).call();
    chart = temp.resolve("shop");
  }

  @AfterAll
  static void stopServer() {
    kube.close();
  }

  @AfterEach
  void controllerRanWithoutErrors() {
    assertThat(kube.controller().failures()).isEmpty();
  }

  // ---------------------------------------------------------------- Helm

  @Test
  void helmInstallsUpgradesAndUninstallsTheChartHelmCreates() {
    Release installed = install("shop", "lifecycle");
    assertThat(installed.getStatus()).isEqualTo("deployed");
    assertThat(installed.getRevision()).isEqualTo("1");
    awaitDeployment("lifecycle", "shop", rolledOutTo("nginx:1.16.0"));

    Release upgraded =
        upgrade("shop", "lifecycle").set("image.tag", "1.27.1").set("service.port", 8080).call();

    assertThat(upgraded.getStatus()).isEqualTo("deployed");
    assertThat(upgraded.getRevision()).isEqualTo("2");
    awaitDeployment("lifecycle", "shop", rolledOutTo("nginx:1.27.1"));
    assertThat(client.pods().inNamespace("lifecycle").list().getItems())
        .singleElement()
        .satisfies(pod -> assertThat(image(pod)).isEqualTo("nginx:1.27.1"));
    assertThat(
            client.services().inNamespace("lifecycle").withName("shop").get().getSpec().getPorts())
        .as("Helm's strategic merge patch replaced port 80 by 8080")
        .singleElement()
        .satisfies(port -> assertThat(port.getPort()).isEqualTo(8080));
    assertThat(history("shop", "lifecycle"))
        .extracting(ReleaseHistory::getRevision, ReleaseHistory::getStatus)
        .containsExactly(tuple(1, "superseded"), tuple(2, "deployed"));
    assertThat(
            Helm.status("shop")
                .withNamespace("lifecycle")
                .withKubeConfigContents(kube.kubeconfigContents())
                .call())
        .extracting(Release::getStatus, Release::getRevision)
        .containsExactly("deployed", "2");

    String uninstalled =
        Helm.uninstall("shop").withNamespace("lifecycle").withKubeConfig(kubeconfig).call();

    assertThat(uninstalled).contains("release \"shop\" uninstalled");
    assertThat(client.apps().deployments().inNamespace("lifecycle").list().getItems()).isEmpty();
    assertThat(client.services().inNamespace("lifecycle").list().getItems()).isEmpty();
    assertThat(client.apps().replicaSets().inNamespace("lifecycle").list().getItems()).isEmpty();
    assertThat(client.pods().inNamespace("lifecycle").list().getItems()).isEmpty();
    assertThat(client.secrets().inNamespace("lifecycle").list().getItems()).isEmpty();
    assertThatThrownBy(
            () -> Helm.status("shop").withNamespace("lifecycle").withKubeConfig(kubeconfig).call())
        .hasMessageContaining("release: not found");
  }

  @Test
  void helmWaitsUntilTheControllerHasMadeThePodsReady() {
    install("shop", "helm-wait");

    Release upgraded =
        upgrade("shop", "helm-wait").set("image.tag", "1.27.1").waitReady().withTimeout(20).call();

    assertThat(upgraded.getStatus()).isEqualTo("deployed");
    assertThat(client.apps().deployments().inNamespace("helm-wait").withName("shop").get())
        .satisfies(rolledOutTo("nginx:1.27.1")::test);
  }

  @Test
  void anUpgradeTheServerRejectsIsReportedAndRecordedAsFailed() {
    install("shop", "failing-upgrade");
    awaitDeployment("failing-upgrade", "shop", rolledOutTo("nginx:1.16.0"));

    assertThatThrownBy(
            () -> upgrade("shop", "failing-upgrade").set("fullnameOverride", "Shop_2").call())
        .hasMessageContaining("\"Shop_2\" is invalid")
        .hasMessageContaining("RFC 1123");

    assertThat(history("shop", "failing-upgrade"))
        .extracting(ReleaseHistory::getStatus)
        .containsExactly("deployed", "failed");
    assertThat(client.apps().deployments().inNamespace("failing-upgrade").withName("shop").get())
        .satisfies(rolledOutTo("nginx:1.16.0")::test);
  }

  @Test
  void aReleaseCannotTakeOverAnotherReleasesResources() {
    install("first", "ownership", "fullnameOverride", "web");

    assertThatThrownBy(() -> install("second", "ownership", "fullnameOverride", "web"))
        .hasMessageContaining("exists and cannot be imported into the current release")
        .hasMessageContaining("invalid ownership metadata");
  }

  // ---------------------------------------------------------------- watching rollouts

  @Test
  void aWatchSeesTheRolloutFinishWhenThePodsBecomeReady() throws Exception {
    install("shop", "watch-ready");
    awaitDeployment("watch-ready", "shop", rolledOutTo("nginx:1.16.0"));

    try (Recorder<Deployment> seen =
        record(client.apps().deployments().inNamespace("watch-ready").withName("shop"))) {
      upgrade("shop", "watch-ready").set("image.tag", "1.27.1").call();

      List<Deployment> events = seen.awaitEvent(rolledOutTo("nginx:1.27.1"));

      assertThat(events)
          .as("the new template is seen before it is rolled out")
          .anySatisfy(
              d -> {
                assertThat(image(d)).isEqualTo("nginx:1.27.1");
                assertThat(d.getStatus().getObservedGeneration())
                    .isLessThan(d.getMetadata().getGeneration());
              });
      assertThat(condition(events.get(events.size() - 1), "Progressing"))
          .extracting(DeploymentCondition::getStatus, DeploymentCondition::getReason)
          .containsExactly("True", "NewReplicaSetAvailable");
    }
  }

  @Test
  void aCrashLoopShowsOnTheNewPodsWhileTheOldOnesKeepServing() throws Exception {
    install("shop", "crash-loop");
    awaitDeployment("crash-loop", "shop", rolledOutTo("nginx:1.16.0"));

    try (Recorder<Pod> seen =
        record(
            client
                .pods()
                .inNamespace("crash-loop")
                .withLabel("app.kubernetes.io/instance", "shop"))) {
      upgrade("shop", "crash-loop").set("image.tag", "1.27.1-crash").call();

      List<Pod> events =
          seen.awaitEvent(
              pod ->
                  image(pod).equals("nginx:1.27.1-crash")
                      && waitingReason(pod).equals("CrashLoopBackOff")
                      && container(pod).getRestartCount() >= 3);

      Pod crashing = events.get(events.size() - 1);
      assertThat(events)
          .filteredOn(pod -> pod.getMetadata().getName().equals(crashing.getMetadata().getName()))
          .extracting(pod -> pod.getStatus() == null ? 0 : restarts(pod))
          .as("restartCount grows")
          .containsSubsequence(1, 2, 3);
      assertThat(container(crashing).getLastState().getTerminated().getExitCode()).isEqualTo(1);
      ReplicaSet newSet = owner(crashing);
      assertThat(newSet.getMetadata().getAnnotations()).containsEntry(KubeController.REVISION, "2");
      assertThat(client.pods().inNamespace("crash-loop").list().getItems())
          .as("the old pod keeps serving")
          .anySatisfy(
              pod -> {
                assertThat(image(pod)).isEqualTo("nginx:1.16.0");
                assertThat(container(pod).getReady()).isTrue();
              });
      Deployment deployment =
          client.apps().deployments().inNamespace("crash-loop").withName("shop").get();
      assertThat(deployment.getStatus().getUpdatedReplicas()).isEqualTo(1);
      assertThat(deployment.getStatus().getReadyReplicas()).isEqualTo(1);
      assertThat(deployment.getStatus().getReplicas()).isEqualTo(2);
      assertThat(condition(deployment, "Progressing").getReason()).isEqualTo("ReplicaSetUpdated");
      assertThat(eventsOf("crash-loop", crashing))
          .extracting(Event::getReason)
          .contains("Scheduled", "Pulled", "Started", "BackOff");
      assertThat(
              client
                  .pods()
                  .inNamespace("crash-loop")
                  .withName(crashing.getMetadata().getName())
                  .getLog())
          .contains("simulated crash");
    }
  }

  @Test
  void anImageThatCannotBePulledBacksOff() {
    deploy("image-pull", "api", "registry.example/api:2.0.0-imagepull");

    Pod pod = awaitPod("image-pull", p -> waitingReason(p).equals("ImagePullBackOff"));

    assertThat(container(pod).getState().getWaiting().getMessage())
        .contains("registry.example/api:2.0.0-imagepull");
    assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
    assertThat(eventsOf("image-pull", pod))
        .extracting(Event::getMessage)
        .contains("Error: ErrImagePull", "Error: ImagePullBackOff");
  }

  @Test
  void aMissingSecretIsACreateContainerConfigError() {
    deploy("config-error", "api", "registry.example/api:2.0.0-configerror");

    Pod pod = awaitPod("config-error", p -> waitingReason(p).equals("CreateContainerConfigError"));

    assertThat(container(pod).getState().getWaiting().getMessage()).endsWith("not found");
    assertThat(eventsOf("config-error", pod))
        .anySatisfy(
            event -> {
              assertThat(event.getType()).isEqualTo("Warning");
              assertThat(event.getReason()).isEqualTo("Failed");
            });
  }

  @Test
  void aDeploymentThatNeverGetsReadyExceedsItsProgressDeadline() {
    deploy("deadline", "api", "registry.example/api:2.0.0-stuck");

    Deployment deployment =
        awaitDeployment(
            "deadline",
            "api",
            d ->
                d.getStatus() != null
                    && condition(d, "Progressing") != null
                    && condition(d, "Progressing").getStatus().equals("False"));

    assertThat(condition(deployment, "Progressing").getReason())
        .isEqualTo("ProgressDeadlineExceeded");
    assertThat(deployment.getStatus().getReadyReplicas()).isZero();
  }

  @Test
  void theControllerPlaysWhatATestAsksForOneDeployment() {
    kube.controller().onDeployment("told", "api", PodBehaviour.CRASH_LOOP);
    deploy("told", "api", "registry.example/api:1.0.0");
    awaitPod("told", p -> waitingReason(p).equals("CrashLoopBackOff"));

    kube.controller().rollOut("told", "api", PodBehaviour.READY);

    assertThat(client.apps().deployments().inNamespace("told").withName("api").get())
        .satisfies(rolledOutTo("registry.example/api:1.0.0")::test);
    assertThat(client.pods().inNamespace("told").list().getItems())
        .singleElement()
        .satisfies(pod -> assertThat(container(pod).getReady()).isTrue());
  }

  // ---------------------------------------------------------------- the API itself

  @Test
  void requestsWithoutTheTokenAreUnauthorized() {
    KubernetesClient stranger = kube.client("not-the-token");
    Path wrongKubeconfig = kube.kubeconfig(temp.resolve("wrong-kubeconfig"), "not-the-token");

    assertThatThrownBy(() -> stranger.pods().inNamespace("default").list())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(401));
    assertThatThrownBy(() -> Helm.list().withKubeConfig(wrongKubeconfig).allNamespaces().call())
        .hasMessageContaining("the server has asked for the client to provide credentials");
    assertThat(kube.requests()).anyMatch(line -> line.endsWith(" -> 401"));
  }

  @Test
  void errorsCarryTheReasonsClientsTestFor() {
    client.namespaces().resource(namespace("errors")).create();
    ConfigMap settings =
        client.configMaps().inNamespace("errors").resource(configMap("settings", "a")).create();

    assertThatThrownBy(
            () ->
                client
                    .configMaps()
                    .inNamespace("errors")
                    .resource(configMap("settings", "b"))
                    .create())
        .satisfies(e -> assertStatus(e, 409, "AlreadyExists"));
    client.configMaps().inNamespace("errors").withName("settings").edit(c -> withData(c, "c"));
    assertThatThrownBy(
            () ->
                client
                    .configMaps()
                    .inNamespace("errors")
                    .resource(withData(settings, "d"))
                    .update())
        .satisfies(e -> assertStatus(e, 409, "Conflict"));
    assertThatThrownBy(
            () ->
                client
                    .configMaps()
                    .inNamespace("errors")
                    .withName("missing")
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"k\":\"v\"}}"))
        .satisfies(e -> assertStatus(e, 404, "NotFound"));
    assertThatThrownBy(
            () ->
                client
                    .configMaps()
                    .inNamespace("no-such-namespace")
                    .resource(configMap("x", "y"))
                    .create())
        .satisfies(e -> assertStatus(e, 404, "NotFound"))
        .hasMessageContaining("namespaces \"no-such-namespace\" not found");
    assertThatThrownBy(
            () ->
                client
                    .configMaps()
                    .inNamespace("errors")
                    .resource(configMap("Not_Valid", "y"))
                    .create())
        .satisfies(e -> assertStatus(e, 422, "Invalid"));
  }

  @Test
  void strategicMergePatchesMergeContainersByName() {
    deploy("patching", "api", "registry.example/api:1.0.0");

    Deployment patched =
        client
            .apps()
            .deployments()
            .inNamespace("patching")
            .withName("api")
            .patch(
                PatchContext.of(PatchType.STRATEGIC_MERGE),
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"api\","
                    + "\"env\":[{\"name\":\"MODE\",\"value\":\"blue\"}]}]}}}}");

    assertThat(patched.getSpec().getTemplate().getSpec().getContainers())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getImage()).isEqualTo("registry.example/api:1.0.0");
              assertThat(c.getEnv())
                  .extracting("name", "value")
                  .containsExactly(tuple("MODE", "blue"));
            });
    assertThat(patched.getMetadata().getGeneration()).isEqualTo(2);
  }

  @Test
  void selectorsFilterAsTheApiServerDoes() {
    deploy("selectors", "blue", "registry.example/api:1.0.0");
    deploy("selectors", "green", "registry.example/api:1.0.0");
    Pod blue = awaitPod("selectors", p -> isReadyPodOf(p, "blue"));
    awaitPod("selectors", p -> isReadyPodOf(p, "green"));

    assertThat(
            client
                .pods()
                .inNamespace("selectors")
                .withLabelIn("app", "blue", "red")
                .list()
                .getItems())
        .extracting(p -> p.getMetadata().getLabels().get("app"))
        .containsOnly("blue");
    assertThat(
            client.pods().inNamespace("selectors").withLabelNotIn("app", "blue").list().getItems())
        .extracting(p -> p.getMetadata().getLabels().get("app"))
        .containsOnly("green");
    assertThat(eventsOf("selectors", blue))
        .isNotEmpty()
        .allSatisfy(
            e ->
                assertThat(e.getInvolvedObject().getName())
                    .isEqualTo(blue.getMetadata().getName()));
  }

  @Test
  void kubectlReadsWhatTheServerServesAndFollowsARolloutOnAWatch() throws Exception {
    Path kubectl = onPath("kubectl");
    assumeTrue(kubectl != null, "kubectl is not installed");
    install("shop", "kubectl");
    awaitDeployment("kubectl", "shop", rolledOutTo("nginx:1.16.0"));

    String deployments = kubectl(kubectl, "get", "deployments", "-n", "kubectl");

    assertThat(deployments).containsPattern("shop\\s+1/1\\s+1\\s+1");

    kube.controller().automatic(false);
    try {
      upgrade("shop", "kubectl").set("image.tag", "1.27.1").call();
      Process rolloutStatus =
          new ProcessBuilder(
                  kubectl.toString(),
                  "--kubeconfig",
                  kubeconfig.toString(),
                  "rollout",
                  "status",
                  "deployment/shop",
                  "-n",
                  "kubectl",
                  "--timeout=20s")
              .redirectErrorStream(true)
              .start();
      // client-go's watch is a streamed response; the rollout happens once it is open.
      kube.awaitRequest(
          line ->
              line.contains("/namespaces/kubectl/deployments?")
                  && line.contains("watch=true")
                  && line.contains("(kubectl)"),
          WAIT);
      kube.controller().rollOut("kubectl", "shop", PodBehaviour.READY);

      String output =
          new String(rolloutStatus.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(rolloutStatus.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(rolloutStatus.exitValue()).as(output).isZero();
      assertThat(output).contains("deployment \"shop\" successfully rolled out");
    } finally {
      kube.controller().automatic(true);
    }
  }

  // ---------------------------------------------------------------- helpers

  private static Release install(String release, String namespace, Object... values) {
    var command =
        new Helm(chart)
            .install()
            .withName(release)
            .withNamespace(namespace)
            .createNamespace()
            .withKubeConfig(kubeconfig);
    for (int i = 0; i < values.length; i += 2) {
      command.set((String) values[i], values[i + 1]);
    }
    return command.call();
  }

  private static UpgradeCommand upgrade(String release, String namespace) {
    return new Helm(chart)
        .upgrade()
        .withName(release)
        .withNamespace(namespace)
        .withKubeConfig(kubeconfig);
  }

  private static List<ReleaseHistory> history(String release, String namespace) {
    List<ReleaseHistory> history =
        new ArrayList<>(
            Helm.history(release).withNamespace(namespace).withKubeConfig(kubeconfig).call());
    history.sort(Comparator.comparingInt(ReleaseHistory::getRevision));
    return history;
  }

  /** A Deployment of one container named after the Deployment, in a namespace made for it. */
  private static void deploy(String namespace, String name, String image) {
    if (client.namespaces().withName(namespace).get() == null) {
      client.namespaces().resource(namespace(namespace)).create();
    }
    client
        .apps()
        .deployments()
        .inNamespace(namespace)
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withReplicas(1)
                .withNewSelector()
                .addToMatchLabels("app", name)
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", name)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName(name)
                .withImage(image)
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build())
        .create();
  }

  private static Predicate<Deployment> rolledOutTo(String image) {
    return d ->
        d != null
            && d.getStatus() != null
            && image(d).equals(image)
            && d.getMetadata().getGeneration().equals(d.getStatus().getObservedGeneration())
            && Integer.valueOf(1).equals(d.getStatus().getUpdatedReplicas())
            && Integer.valueOf(1).equals(d.getStatus().getReadyReplicas())
            && Integer.valueOf(1).equals(d.getStatus().getReplicas());
  }

  private static Deployment awaitDeployment(
      String namespace, String name, Predicate<Deployment> condition) {
    return client
        .apps()
        .deployments()
        .inNamespace(namespace)
        .withName(name)
        .waitUntilCondition(condition, WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  /** The first pod of the namespace that matches, waited for on a watch. */
  private static Pod awaitPod(String namespace, Predicate<Pod> condition) {
    try (Recorder<Pod> seen = record(client.pods().inNamespace(namespace))) {
      List<Pod> events = seen.awaitEvent(p -> p.getStatus() != null && condition.test(p));
      return events.get(events.size() - 1);
    }
  }

  private static <T> Recorder<T> record(Watchable<T> watchable) {
    Recorder<T> recorder = new Recorder<>();
    recorder.watch = watchable.watch(recorder);
    return recorder;
  }

  /**
   * A watch that keeps what it sees, in order. Started without a resource version, it first sees
   * every object that exists, as ADDED.
   */
  private static final class Recorder<T> implements Watcher<T>, AutoCloseable {
    private final BlockingQueue<T> queue = new LinkedBlockingQueue<>();
    private Watch watch;

    @Override
    public void eventReceived(Action action, T resource) {
      queue.add(resource);
    }

    @Override
    public void onClose(WatcherException cause) {}

    /** Every event up to and including the first that matches; fails after {@link #WAIT}. */
    List<T> awaitEvent(Predicate<T> condition) {
      List<T> seen = new ArrayList<>();
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (true) {
        T next;
        try {
          next = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
        assertThat(next)
            .as("an event matching the condition within %s; saw %s", WAIT, seen)
            .isNotNull();
        seen.add(next);
        if (condition.test(next)) {
          return seen;
        }
      }
    }

    @Override
    public void close() {
      watch.close();
    }
  }

  private static List<Event> eventsOf(String namespace, Pod pod) {
    return client
        .v1()
        .events()
        .inNamespace(namespace)
        .withField("involvedObject.name", pod.getMetadata().getName())
        .list()
        .getItems();
  }

  private static boolean isReadyPodOf(Pod pod, String app) {
    return pod.getMetadata().getName().startsWith(app + "-")
        && !pod.getStatus().getContainerStatuses().isEmpty()
        && container(pod).getReady();
  }

  private static ReplicaSet owner(Pod pod) {
    return client
        .apps()
        .replicaSets()
        .inNamespace(pod.getMetadata().getNamespace())
        .withName(pod.getMetadata().getOwnerReferences().get(0).getName())
        .get();
  }

  private static String image(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
  }

  private static String image(Pod pod) {
    return pod.getSpec().getContainers().get(0).getImage();
  }

  private static ContainerStatus container(Pod pod) {
    return pod.getStatus().getContainerStatuses().get(0);
  }

  private static int restarts(Pod pod) {
    return pod.getStatus().getContainerStatuses().isEmpty() ? 0 : container(pod).getRestartCount();
  }

  private static String waitingReason(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses().isEmpty()) {
      return "";
    }
    var waiting = container(pod).getState().getWaiting();
    return waiting == null ? "" : waiting.getReason();
  }

  private static DeploymentCondition condition(Deployment deployment, String type) {
    return deployment.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElse(null);
  }

  private static Namespace namespace(String name) {
    return new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build();
  }

  private static ConfigMap configMap(String name, String value) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withData(Map.of("value", value))
        .build();
  }

  private static ConfigMap withData(ConfigMap configMap, String value) {
    return new ConfigMapBuilder(configMap).withData(Map.of("value", value)).build();
  }

  private static void assertStatus(Throwable e, int code, String reason) {
    assertThat(e).isInstanceOf(KubernetesClientException.class);
    KubernetesClientException failure = (KubernetesClientException) e;
    assertThat(failure.getCode()).isEqualTo(code);
    assertThat(failure.getStatus().getReason()).isEqualTo(reason);
  }

  private static Path onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, program);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static String kubectl(Path kubectl, String... args)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(List.of(kubectl.toString(), "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }
}
