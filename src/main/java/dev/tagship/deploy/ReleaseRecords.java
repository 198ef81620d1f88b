package dev.tagship.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

/**
 * Reads Helm's release records (the {@code sh.helm.release.v1.NAME.vN} Secrets: base64 of gzip of
 * JSON) and keeps tagship's own record of which revisions passed verification, in a ConfigMap
 * beside them — Helm rewrites its Secrets on every status change, so a mark put on them would not
 * last.
 */
final class ReleaseRecords {

  private static final ObjectMapper JSON = new ObjectMapper();
  static final String VERIFIED_KEY = "verified";
  static final String FAILED_KEY = "failed";

  private final KubernetesClient client;

  ReleaseRecords(KubernetesClient client) {
    this.client = client;
  }

  /** The names of the Helm releases in {@code namespace}, sorted. */
  List<String> releaseNames(String namespace) {
    TreeSet<String> names = new TreeSet<>();
    for (Secret secret :
        client.secrets().inNamespace(namespace).withLabel("owner", "helm").list().getItems()) {
      Map<String, String> labels = secret.getMetadata().getLabels();
      if (labels != null && labels.get("name") != null) {
        names.add(labels.get("name"));
      }
    }
    return List.copyOf(names);
  }

  /** Every stored revision of {@code release}, oldest first. */
  List<JsonNode> revisions(String release, String namespace) {
    List<JsonNode> records = new ArrayList<>();
    for (Secret secret : recordSecrets(release, namespace)) {
      String data = secret.getData() == null ? null : secret.getData().get("release");
      if (data != null) {
        records.add(decode(data));
      }
    }
    records.sort(Comparator.comparingInt(r -> r.path("version").asInt()));
    return records;
  }

  /** Helm's release Secrets of {@code release}: one per stored revision. */
  private List<Secret> recordSecrets(String release, String namespace) {
    return client
        .secrets()
        .inNamespace(namespace)
        .withLabel("owner", "helm")
        .withLabel("name", release)
        .list()
        .getItems();
  }

  /** The rendered manifest Helm stored for {@code revision}: the objects it applied. */
  String manifest(String release, String namespace, int revision) {
    String name = secretName(release, revision);
    Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
    if (secret == null || secret.getData() == null || secret.getData().get("release") == null) {
      throw DeployException.failure(
          "Helm's record " + name + " in " + namespace + " is missing: it was deleted", null);
    }
    return decode(secret.getData().get("release")).path("manifest").asText("");
  }

  /**
   * The newest revision Helm has a record of, pending ones included, or 0; read from the {@code
   * version} label Helm puts on each record, without decoding any. Helm writes a revision's record
   * before it applies its objects, so a revision read here is the newest one that touched them.
   */
  int newestRevision(String release, String namespace) {
    int newest = 0;
    for (Secret secret : recordSecrets(release, namespace)) {
      newest = Math.max(newest, revisionLabel(secret));
    }
    return newest;
  }

  /** The revision a Helm record's {@code version} label names, or 0. */
  static int revisionLabel(Secret secret) {
    Map<String, String> labels = secret.getMetadata().getLabels();
    String version = labels == null ? null : labels.get("version");
    try {
      return version == null ? 0 : Integer.parseInt(version);
    } catch (NumberFormatException notHelms) {
      return 0;
    }
  }

  /**
   * Marks a revision left {@code pending-*} by a killed build as failed, in Helm's own record, so
   * Helm no longer refuses to work on the release ("another operation is in progress").
   */
  void markAbandoned(String release, String namespace, int revision) {
    String name = secretName(release, revision);
    Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
    if (secret == null || secret.getData() == null || secret.getData().get("release") == null) {
      throw DeployException.failure("Helm's record " + name + " is missing", null);
    }
    com.fasterxml.jackson.databind.node.ObjectNode record =
        (com.fasterxml.jackson.databind.node.ObjectNode) decode(secret.getData().get("release"));
    ((com.fasterxml.jackson.databind.node.ObjectNode) record.path("info"))
        .put("status", "failed")
        .put(
            "description", "Abandoned: marked failed by tagship (the build that owned it is gone)");
    secret.getData().put("release", encode(record));
    secret.getMetadata().getLabels().put("status", "failed");
    client.secrets().inNamespace(namespace).resource(secret).update();
  }

  private static String encode(JsonNode record) {
    try {
      java.io.ByteArrayOutputStream gzipped = new java.io.ByteArrayOutputStream();
      try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(gzipped)) {
        gzip.write(JSON.writeValueAsBytes(record));
      }
      String helmBase64 = Base64.getEncoder().encodeToString(gzipped.toByteArray());
      return Base64.getEncoder().encodeToString(helmBase64.getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw DeployException.failure("cannot write Helm's release record: " + e.getMessage(), e);
    }
  }

  private static JsonNode decode(String kubernetesBase64) {
    byte[] helmBase64 = Base64.getDecoder().decode(kubernetesBase64);
    byte[] gzipped =
        Base64.getDecoder().decode(new String(helmBase64, StandardCharsets.US_ASCII).trim());
    try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gzipped))) {
      return JSON.readTree(in);
    } catch (IOException e) {
      throw DeployException.failure(
          "a Helm release record could not be read: " + e.getMessage(), e);
    }
  }

  /** Revisions of {@code release} whose rollout tagship verified. */
  TreeSet<Integer> verified(String release, String namespace) {
    return read(release, namespace, VERIFIED_KEY);
  }

  /**
   * Revisions that rolled out but failed what came after (a smoke test in {@code
   * rollbackOnFailure}): never a target for a rollback.
   */
  TreeSet<Integer> failed(String release, String namespace) {
    return read(release, namespace, FAILED_KEY);
  }

  /** Verified and not failed: the revisions a rollback may go to. */
  TreeSet<Integer> good(String release, String namespace) {
    TreeSet<Integer> good = verified(release, namespace);
    good.removeAll(failed(release, namespace));
    return good;
  }

  void markVerified(String release, String namespace, int revision) {
    add(release, namespace, VERIFIED_KEY, revision);
  }

  void markFailed(String release, String namespace, int revision) {
    add(release, namespace, FAILED_KEY, revision);
  }

  private TreeSet<Integer> read(String release, String namespace, String key) {
    ConfigMap marks = client.configMaps().inNamespace(namespace).withName(marksName(release)).get();
    TreeSet<Integer> revisions = new TreeSet<>();
    String list = marks == null || marks.getData() == null ? null : marks.getData().get(key);
    if (list != null && !list.isBlank()) {
      for (String revision : list.split(",")) {
        revisions.add(Integer.parseInt(revision.trim()));
      }
    }
    return revisions;
  }

  private void add(String release, String namespace, String key, int revision) {
    Map<String, String> data = new LinkedHashMap<>();
    for (String name : List.of(VERIFIED_KEY, FAILED_KEY)) {
      TreeSet<Integer> revisions = read(release, namespace, name);
      if (name.equals(key)) {
        revisions.add(revision);
      }
      data.put(name, String.join(",", revisions.stream().map(String::valueOf).toList()));
    }
    write(release, namespace, data);
  }

  private void write(String release, String namespace, Map<String, String> data) {
    client
        .configMaps()
        .inNamespace(namespace)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(marksName(release))
                .addToLabels("app.kubernetes.io/managed-by", "tagship")
                .addToLabels("tagship.dev/release", release)
                .endMetadata()
                .withData(data)
                .build())
        .createOr(existing -> existing.update());
  }

  /** Drops the marks of revisions whose records are gone, so the ConfigMap does not grow. */
  void forget(String release, String namespace, java.util.Collection<Integer> revisions) {
    if (revisions.isEmpty()) {
      return;
    }
    Map<String, String> data = new LinkedHashMap<>();
    for (String name : List.of(VERIFIED_KEY, FAILED_KEY)) {
      TreeSet<Integer> kept = read(release, namespace, name);
      kept.removeAll(revisions);
      data.put(name, String.join(",", kept.stream().map(String::valueOf).toList()));
    }
    write(release, namespace, data);
  }

  /** Helm's name for the Secret holding revision {@code revision} of {@code release}. */
  static String secretName(String release, int revision) {
    return "sh.helm.release.v1." + release + ".v" + revision;
  }

  static String marksName(String release) {
    return "tagship-" + release + "-verified";
  }
}
