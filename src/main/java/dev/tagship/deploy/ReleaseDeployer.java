package dev.tagship.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import com.marcnuri.helm.UpgradeCommand;
import dev.tagship.core.Event;
import dev.tagship.core.EventListener;
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
    long started = System.nanoTime();
    if (request.createNamespace()) {
      ensureNamespace(request);
    }
    repairIfPending(request);
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
    Verification verification;
    try (KubernetesClient client = client(request.cluster())) {
      verification =
          new RolloutVerifier(client, events)
              .verify(request.release(), request.namespace(), request.timeout());
      ReleaseRecords records = new ReleaseRecords(client);
      if (verification.succeeded()) {
        records.markVerified(request.release(), request.namespace(), revision);
      } else {
        records.markFailed(request.release(), request.namespace(), revision);
      }
    }
    return new DeployResult(
        request.release(),
        request.namespace(),
        revision,
        release.getStatus(),
        (System.nanoTime() - started) / 1_000_000,
        verification);
  }

  /**
   * Deploys an earlier revision's chart and values again as a new revision, verifies that rollout,
   * and marks it good when it passes.
   */
  public RollbackResult rollback(RollbackRequest request) {
    try (KubernetesClient client = client(request.cluster())) {
      ReleaseRecords records = new ReleaseRecords(client);
      List<JsonNode> revisions = records.revisions(request.release(), request.namespace());
      if (revisions.isEmpty()) {
        throw DeployException.failure(
            "release " + request.release() + " has no revisions in " + request.namespace(), null);
      }
      int current = revisions.get(revisions.size() - 1).path("version").asInt();
      int target =
          targetRevision(
              request,
              revisions,
              records.verified(request.release(), request.namespace()),
              current);
      JsonNode record =
          revisions.stream()
              .filter(r -> r.path("version").asInt() == target)
              .findFirst()
              .orElseThrow(
                  () ->
                      DeployException.usage(
                          "release "
                              + request.release()
                              + " has no revision "
                              + target
                              + "; Helm keeps only the last revisions (see tagship history)"));
      events.on(
          Event.info(
              "Rolling " + request.release() + " back from revision " + current + " to " + target));
      Path temp = TemporaryFolders.create();
      try {
        Path chart = ChartFromRecord.write(record, temp);
        UpgradeCommand upgrade =
            Helm.upgrade(chart.toString())
                .withName(request.release())
                .withNamespace(request.namespace())
                .resetValues()
                .withValuesFile(temp.resolve("values.json"))
                .withDescription(
                    "Rollback to "
                        + target
                        + (request.reason() == null ? "" : ": " + request.reason()));
        Release release;
        try (TemporaryKubeconfig kubeconfig = TemporaryKubeconfig.write(request.cluster())) {
          release = upgrade.withKubeConfig(kubeconfig.path()).call();
        } catch (RuntimeException e) {
          throw DeployException.failure(
              "helm could not roll " + request.release() + " back: " + e.getMessage(), e);
        }
        int newRevision = Integer.parseInt(release.getRevision());
        Verification verification =
            new RolloutVerifier(client, events)
                .verify(request.release(), request.namespace(), request.timeout());
        if (verification.succeeded()) {
          records.markVerified(request.release(), request.namespace(), newRevision);
        }
        return new RollbackResult(
            request.release(), request.namespace(), current, target, newRevision, verification);
      } finally {
        TemporaryFolders.delete(temp);
      }
    }
  }

  private static int targetRevision(
      RollbackRequest request,
      List<JsonNode> revisions,
      java.util.TreeSet<Integer> good,
      int current) {
    if (request.toRevision() != null) {
      return request.toRevision();
    }
    Integer lastGood = good.lower(current);
    if (lastGood == null) {
      throw DeployException.failure(
          "release "
              + request.release()
              + " has no verified good revision before "
              + current
              + " to roll back to; name one with --to-revision (revisions kept: "
              + revisions.stream().map(r -> r.path("version").asText()).toList()
              + ")",
          null);
    }
    return lastGood;
  }

  /** Every revision Helm keeps of {@code release}, oldest first, with tagship's verdicts. */
  public List<RevisionInfo> history(String release, String namespace, ClusterAccess cluster) {
    try (KubernetesClient client = client(cluster)) {
      ReleaseRecords records = new ReleaseRecords(client);
      java.util.Set<Integer> verified = records.verified(release, namespace);
      java.util.Set<Integer> failed = records.failed(release, namespace);
      return records.revisions(release, namespace).stream()
          .map(record -> RevisionSummary.of(record, verified, failed))
          .toList();
    }
  }

  /** The current revision of {@code release}, or empty when it was never installed. */
  public java.util.OptionalInt currentRevision(
      String release, String namespace, ClusterAccess cluster) {
    try (KubernetesClient client = client(cluster)) {
      return new ReleaseRecords(client)
          .revisions(release, namespace).stream().mapToInt(r -> r.path("version").asInt()).max();
    }
  }

  /** Records that {@code revision} passed (or failed) what a pipeline checked after its rollout. */
  public void recordOutcome(
      String release, String namespace, ClusterAccess cluster, int revision, boolean good) {
    try (KubernetesClient client = client(cluster)) {
      ReleaseRecords records = new ReleaseRecords(client);
      if (good) {
        records.markVerified(release, namespace, revision);
      } else {
        records.markFailed(release, namespace, revision);
      }
    }
  }

  private Release upgrade(DeployRequest request) {
    if (!request.chart().startsWith("oci://") && !Files.exists(Path.of(request.chart()))) {
      throw DeployException.usage(
          "chart " + request.chart() + " does not exist: give a chart folder, a .tgz or oci://...");
    }
    UpgradeCommand upgrade =
        Helm.upgrade(request.chart())
            .install()
            .withName(request.release())
            .withNamespace(request.namespace())
            .withDescription(request.metadata().description());
    if (request.chartVersion() != null) {
      upgrade.withVersion(request.chartVersion());
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
      throw explain(request, e);
    }
  }

  /**
   * A release whose last revision is {@code pending-*} was left by a build that was killed
   * (helm/helm#8987): Helm refuses every further operation. It is repaired — that revision is
   * marked failed, so this upgrade supersedes it — only when asked, or when it has been pending for
   * longer than this deployment's timeout (its build is gone); otherwise tagship says so.
   */
  private void repairIfPending(DeployRequest request) {
    try (KubernetesClient client = client(request.cluster())) {
      ReleaseRecords records = new ReleaseRecords(client);
      List<JsonNode> revisions = records.revisions(request.release(), request.namespace());
      if (revisions.isEmpty()) {
        return;
      }
      JsonNode last = revisions.get(revisions.size() - 1);
      String status = last.path("info").path("status").asText();
      if (!status.startsWith("pending-")) {
        return;
      }
      int revision = last.path("version").asInt();
      java.time.Instant since = lastDeployed(last);
      boolean abandoned =
          since != null && since.plus(request.timeout()).isBefore(java.time.Instant.now());
      if (!request.repairPending() && !abandoned) {
        throw DeployException.failure(
            "release "
                + request.release()
                + " revision "
                + revision
                + " is "
                + status
                + " since "
                + since
                + ": another deployment is running, or one was killed."
                + " Deploy again with repairPending (--repair-pending) to mark it failed and"
                + " go on",
            null);
      }
      records.markAbandoned(request.release(), request.namespace(), revision);
      events.on(
          Event.warn(
              "Release "
                  + request.release()
                  + " revision "
                  + revision
                  + " was stuck "
                  + status
                  + (abandoned ? " longer than the timeout" : "")
                  + "; marked it failed"));
    }
  }

  private static java.time.Instant lastDeployed(JsonNode record) {
    String text = record.path("info").path("last_deployed").asText(null);
    try {
      return text == null ? null : java.time.OffsetDateTime.parse(text).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  /** Creates the namespace when it is missing, as {@code helm --create-namespace} does. */
  private void ensureNamespace(DeployRequest request) {
    try (KubernetesClient client = client(request.cluster())) {
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
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
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
    return DeployException.failure(
        "helm upgrade of " + request.release() + " failed: " + message, e);
  }

  private static KubernetesClient client(ClusterAccess cluster) {
    return new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(cluster.kubeconfig()))
        .build();
  }
}
