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
  private final ReleaseLease.Timing leaseTiming;

  public ReleaseDeployer(EventListener events) {
    this(events, ReleaseLease.Timing.DEFAULT);
  }

  /** With a lease that lasts {@code leaseTiming} (tests keep it short). */
  ReleaseDeployer(EventListener events, ReleaseLease.Timing leaseTiming) {
    this.events = events;
    this.leaseTiming = leaseTiming;
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
    if (!request.chart().startsWith("oci://") && !Files.exists(Path.of(request.chart()))) {
      throw DeployException.usage(
          "chart " + request.chart() + " does not exist: give a chart folder, a .tgz or oci://...");
    }
    if (request.createNamespace()) {
      ensureNamespace(request);
    }
    if (!request.chart().startsWith("oci://")) {
      return deployOwned(request, request.chart(), started);
    }
    // Pulled by tagship, so the registry sign-in stays in memory (Helm's registry client reads
    // credentials only from its registry config file), then installed from the package. Pulled
    // before the release is taken: a slow or refused pull holds no other build up.
    Path temp = TemporaryFolders.create();
    try {
      ChartPullResult pulled =
          new ChartRegistry(events)
              .pull(
                  new ChartPullRequest(
                      request.chart(), request.chartVersion(), request.chartRegistry(), temp));
      return deployOwned(request, pulled.archive().toString(), started);
    } finally {
      TemporaryFolders.delete(temp);
    }
  }

  /**
   * The upgrade and its verification hold the release's lease, so no other build deploys it
   * meanwhile and the revision Helm makes here is this build's: the only one it judges and marks.
   */
  private DeployResult deployOwned(DeployRequest request, String chart, long started) {
    KubernetesClient client = client(request.cluster());
    try (ReleaseLease lease =
        ReleaseLease.take(
            client,
            request.release(),
            request.namespace(),
            ReleaseLease.holder("deploy", request.metadata().buildUrl()),
            leaseTiming,
            events)) {
      new PendingRelease(client, events).repairIfStuck(request, lease.lapsed());
      int before = lastRevision(client, request.release(), request.namespace());
      Release release;
      try {
        release = upgrade(request, chart, new Deadline(started, request.timeout()));
      } catch (DeployException e) {
        int last = lastRevision(client, request.release(), request.namespace());
        throw last > before ? DeployException.failure(e, last) : e;
      }
      return verify(request, client, lease, release, started);
    }
  }

  private DeployResult verify(
      DeployRequest request,
      KubernetesClient client,
      ReleaseLease lease,
      Release release,
      long started) {
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
          DeployException.failure(
              "Helm left release "
                  + request.release()
                  + " revision "
                  + revision
                  + " "
                  + release.getStatus(),
              null),
          revision);
    }
    List<Integer> pruned = List.of();
    Verification verification = imageTagNotDeployed(request, client, revision);
    if (verification == null) {
      verification =
          new RolloutVerifier(client, events)
              .verify(
                  request.release(),
                  request.namespace(),
                  revision,
                  new Deadline(started, request.timeout()).remaining());
    }
    lease.confirmHeld(
        "record revision " + revision + (verification.succeeded() ? " good" : " failed"));
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

  private static int lastRevision(KubernetesClient client, String release, String namespace) {
    return new ReleaseRecords(client)
        .revisions(release, namespace).stream()
            .mapToInt(r -> r.path("version").asInt())
            .max()
            .orElse(0);
  }

  /**
   * Rolls back with Helm's own rollback (the target revision's stored manifest and its rollback
   * hooks, as a new revision), verifies that rollout, and marks it good when it passes.
   */
  public RollbackResult rollback(RollbackRequest request) {
    try {
      KubernetesClient client = client(request.cluster());
      // held like a deploy: no build deploys the release while it is rolled back
      try (ReleaseLease lease =
          ReleaseLease.take(
              client,
              request.release(),
              request.namespace(),
              ReleaseLease.holder("rollback", null),
              leaseTiming,
              events)) {
        new PendingRelease(client, events)
            .repairIfStuck(
                request.release(),
                request.namespace(),
                request.repairPending(),
                lease.lapsed(),
                "roll back again with --repair-pending");
        RollbackResult result = new ReleaseRollback(client, events).rollback(request);
        lease.confirmHeld("report revision " + result.newRevision() + " as its rollback");
        return result;
      }
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

  private Release upgrade(DeployRequest request, String chart, Deadline deadline) {
    UpgradeCommand upgrade =
        Helm.upgrade(chart)
            .install()
            .withName(request.release())
            .withNamespace(request.namespace())
            .withDescription(request.metadata().description())
            // Helm's own default is 5 minutes per hook; the deploy's timeout bounds them instead
            .withTimeout((int) Math.max(1, deadline.remaining().toSeconds()));
    if (request.skipCrds()) {
      upgrade.skipCrds();
    }
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
      throw withHookFailures(request, explain(request, e));
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

  /**
   * A failed verification when the image tag set reached no container of the revision, else null.
   */
  private static Verification imageTagNotDeployed(
      DeployRequest request, KubernetesClient client, int revision) {
    if (request.imageTag() == null) {
      return null;
    }
    String manifest =
        new ReleaseRecords(client).manifest(request.release(), request.namespace(), revision);
    return DeployedImageTag.missing(manifest, request.imageTag(), request.release(), revision)
        .map(why -> new Verification(Verification.Outcome.FAILED, why, List.of(why)))
        .orElse(null);
  }

  /** {@code failure} with the hooks of the newest revision that failed or never finished. */
  private static DeployException withHookFailures(DeployRequest request, DeployException failure) {
    List<String> hooks;
    try {
      KubernetesClient client = client(request.cluster());
      List<com.fasterxml.jackson.databind.JsonNode> revisions =
          new ReleaseRecords(client).revisions(request.release(), request.namespace());
      hooks =
          revisions.isEmpty()
              ? List.of()
              : new HookFailures(client)
                  .describe(revisions.get(revisions.size() - 1), request.namespace());
    } catch (RuntimeException unreadable) {
      return failure;
    }
    if (hooks.isEmpty()) {
      return failure;
    }
    return DeployException.failure(
        failure.getMessage() + ". " + String.join(". ", hooks), failure.getCause());
  }

  private static DeployException explain(DeployRequest request, RuntimeException e) {
    String lower = message(e).toLowerCase(Locale.ROOT);
    if (lower.contains("another operation (install/upgrade/rollback) is in progress")
        || lower.contains("cannot re-use a name that is still in use")) {
      // tagship builds never meet here (the lease keeps them apart): a client without one did
      return DeployException.failure(
          "release "
              + request.release()
              + " is being deployed by another build: Helm found an operation on it in progress"
              + " that holds no tagship lease (plain helm, or another tool): "
              + message(e)
              + ". Wait for it to finish and deploy again",
          e);
    }
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
    return e.getMessage() == null ? e.toString() : HelmErrors.oneLine(e.getMessage());
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
