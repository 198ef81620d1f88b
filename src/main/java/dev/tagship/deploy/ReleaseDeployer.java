package dev.tagship.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import com.marcnuri.helm.UpgradeCommand;
import dev.tagship.core.Event;
import dev.tagship.core.EventListener;
import dev.tagship.image.ChartPullRequest;
import dev.tagship.image.ChartPullResult;
import dev.tagship.image.ChartRegistry;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The front door of deployment: {@code helm upgrade --install} with Helm's own code, the image tag
 * and a description that records what was deployed, then tagship's own verification of the rollout
 * — the decision to roll back stays in tagship, not in a Helm flag.
 */
public final class ReleaseDeployer {

  private final EventListener events;

  public ReleaseDeployer(EventListener events) {
    this.events = events;
  }

  public DeployResult deploy(DeployRequest request) {
    try {
      return deployAndVerify(request);
    } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
      throw explain(request, e);
    }
  }

  private DeployResult deployAndVerify(DeployRequest request) {
    long started = System.nanoTime();
    if (request.createNamespace()) {
      ensureNamespace(request);
    }
    KubernetesClient client = client(request.cluster());
    new PendingRelease(client, events).repairIfStuck(request);
    Release release = upgrade(request);
    int revision = Integer.parseInt(release.getRevision());
    events.on(
        Event.info(
            "Release "
                + request.release()
                + " revision "
                + revision
                + " in "
                + request.namespace()
                + ": "
                + release.getStatus()));
    if (!"deployed".equals(release.getStatus())) {
      throw DeployException.failure(
          "Helm left release "
              + request.release()
              + " revision "
              + revision
              + " "
              + release.getStatus(),
          null);
    }
    List<Integer> pruned = List.of();
    Verification verification =
        new RolloutVerifier(client, events)
            .verify(request.release(), request.namespace(), revision, request.timeout());
    ReleaseRecords records = new ReleaseRecords(client);
    if (verification.succeeded()) {
      records.markVerified(request.release(), request.namespace(), revision);
      pruned =
          new HistoryCap(client, events)
              .enforce(request.release(), request.namespace(), request.historyMax());
    } else if (!verification.superseded() || !verification.problems().isEmpty()) {
      // a superseded revision is marked failed only when its own pods were seen failing: else
      // nothing is known of it, and it stays unverified (never a rollback target either way)
      records.markFailed(request.release(), request.namespace(), revision);
    }
    return new DeployResult(
        request.release(),
        request.namespace(),
        revision,
        release.getStatus(),
        (System.nanoTime() - started) / 1_000_000,
        verification,
        pruned);
  }

  /**
   * Deploys an earlier revision's chart and values again as a new revision, verifies that rollout,
   * and marks it good when it passes.
   */
  public RollbackResult rollback(RollbackRequest request) {
    try {
      return new ReleaseRollback(client(request.cluster()), events).rollback(request);
    } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
      throw explain("rollback of " + request.release() + " failed", e);
    }
  }

  /** The Helm releases of {@code namespace}, by name. */
  public List<String> releases(String namespace, ClusterAccess cluster) {
    try {
      return new ReleaseRecords(client(cluster)).releaseNames(namespace);
    } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
      throw readFailure("the releases of namespace " + namespace, e);
    }
  }

  /** Every revision Helm keeps of {@code release}, oldest first, with tagship's verdicts. */
  public List<RevisionInfo> history(String release, String namespace, ClusterAccess cluster) {
    try {
      ReleaseRecords records = new ReleaseRecords(client(cluster));
      java.util.Set<Integer> verified = records.verified(release, namespace);
      java.util.Set<Integer> failed = records.failed(release, namespace);
      return records.revisions(release, namespace).stream()
          .map(record -> RevisionSummary.of(record, verified, failed))
          .toList();
    } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
      throw readFailure("the history of release " + release + " in " + namespace, e);
    }
  }

  /** The current revision of {@code release}, or empty when it was never installed. */
  public java.util.OptionalInt currentRevision(
      String release, String namespace, ClusterAccess cluster) {
    KubernetesClient client = client(cluster);
    return new ReleaseRecords(client)
        .revisions(release, namespace).stream().mapToInt(r -> r.path("version").asInt()).max();
  }

  /** Records that {@code revision} passed (or failed) what a pipeline checked after its rollout. */
  public void recordOutcome(
      String release, String namespace, ClusterAccess cluster, int revision, boolean good) {
    KubernetesClient client = client(cluster);
    ReleaseRecords records = new ReleaseRecords(client);
    if (good) {
      records.markVerified(release, namespace, revision);
    } else {
      records.markFailed(release, namespace, revision);
    }
  }

  private Release upgrade(DeployRequest request) {
    if (!request.chart().startsWith("oci://") && !Files.exists(Path.of(request.chart()))) {
      throw DeployException.usage(
          "chart " + request.chart() + " does not exist: give a chart folder, a .tgz or oci://...");
    }
    if (request.chart().startsWith("oci://")) {
      // Pulled by tagship, so the registry sign-in stays in memory (Helm's registry client reads
      // credentials only from its registry config file), then installed from the package.
      Path temp = TemporaryFolders.create();
      try {
        ChartPullResult pulled =
            new ChartRegistry(events)
                .pull(
                    new ChartPullRequest(
                        request.chart(), request.chartVersion(), request.chartRegistry(), temp));
        return upgrade(request, pulled.archive().toString());
      } finally {
        TemporaryFolders.delete(temp);
      }
    }
    return upgrade(request, request.chart());
  }

  private Release upgrade(DeployRequest request, String chart) {
    UpgradeCommand upgrade =
        Helm.upgrade(chart)
            .install()
            .withName(request.release())
            .withNamespace(request.namespace())
            .withDescription(request.metadata().description());
    for (Path values : request.valuesFiles()) {
      upgrade.withValuesFile(values);
    }
    for (String setting : request.set()) {
      int equals = setting.indexOf('=');
      upgrade.set(setting.substring(0, equals), setting.substring(equals + 1));
    }
    if (request.imageRepository() != null) {
      upgrade.set("image.repository", request.imageRepository());
    }
    if (request.imageTag() != null) {
      upgrade.set("image.tag", request.imageTag());
    }
    events.on(Event.info("helm upgrade --install " + request.release() + " " + request.chart()));
    // A kubeconfig file, not helm-java's in-memory contents: its install path (upgrade of a
    // release that does not exist yet) drops the contents and asks localhost:8080.
    try (TemporaryKubeconfig kubeconfig = TemporaryKubeconfig.write(request.cluster())) {
      return upgrade.withKubeConfig(kubeconfig.path()).call();
    } catch (RuntimeException e) {
      throw explain(request, e);
    }
  }

  /** Creates the namespace when it is missing, as {@code helm --create-namespace} does. */
  private void ensureNamespace(DeployRequest request) {
    try {
      KubernetesClient client = client(request.cluster());
      if (client.namespaces().withName(request.namespace()).get() == null) {
        client
            .namespaces()
            .resource(
                new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                    .withNewMetadata()
                    .withName(request.namespace())
                    .endMetadata()
                    .build())
            .create();
        events.on(Event.info("Created namespace " + request.namespace()));
      }
    } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
      if (e.getCode() == 409) {
        return; // created meanwhile by another build
      }
      throw explain(request, e);
    }
  }

  private static DeployException explain(DeployRequest request, RuntimeException e) {
    return explain("helm upgrade of " + request.release() + " failed", e);
  }

  private static DeployException readFailure(String what, RuntimeException e) {
    return explain("cannot read " + what, e);
  }

  /** The cluster's failure when it could not be used at all, else {@code failed}: the message. */
  private static DeployException explain(String failed, RuntimeException e) {
    DeployException cluster = clusterFailure(e);
    return cluster != null ? cluster : DeployException.failure(failed + ": " + message(e), e);
  }

  private static String message(RuntimeException e) {
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }

  /** Why the cluster could not be used at all (unreachable, credentials refused), or null. */
  private static DeployException clusterFailure(RuntimeException e) {
    String message = message(e);
    Throwable unreachable = unreachable(e);
    if (unreachable != null) {
      return DeployException.failure(
          "the cluster cannot be reached ("
              + unreachable
              + "). Check the server URL in the kubeconfig (or --server) and that this machine"
              + " can reach it",
          e);
    }
    String lower = message.toLowerCase(Locale.ROOT);
    if (lower.contains("provide credentials") || lower.contains("unauthorized")) {
      return DeployException.failure(
          "the cluster refused the credentials in the kubeconfig (401): "
              + message
              + ". Check the token or sign in to AKS again",
          e);
    }
    if (lower.contains("connection refused")
        || lower.contains("no such host")
        || lower.contains("i/o timeout")) {
      return DeployException.failure("the cluster cannot be reached: " + message, e);
    }
    return null;
  }

  /** The network failure under {@code e} (refused, unknown host, timed out), or null. */
  private static Throwable unreachable(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof java.net.ConnectException
          || cause instanceof java.net.UnknownHostException
          || cause instanceof java.net.NoRouteToHostException
          || cause instanceof java.net.SocketTimeoutException) {
        return cause;
      }
    }
    return null;
  }

  /**
   * One client per cluster for the whole process, as fabric8 intends (clients are thread-safe):
   * building one costs ~0.2 s, which a rollback right after a failed rollout must not pay again.
   * Never close what this returns: later operations on the same cluster share it.
   */
  private static KubernetesClient client(ClusterAccess cluster) {
    return CLIENTS.computeIfAbsent(
        cluster.kubeconfig(),
        kubeconfig -> {
          Config config = Config.fromKubeconfig(kubeconfig);
          // fabric8 retries a failed request ten times with growing pauses (~20 s when the
          // cluster is down); a pipeline step should say so in seconds
          config.setRequestRetryBackoffLimit(2);
          return new KubernetesClientBuilder().withConfig(config).build();
        });
  }

  private static final java.util.Map<String, KubernetesClient> CLIENTS =
      new java.util.concurrent.ConcurrentHashMap<>();
}
