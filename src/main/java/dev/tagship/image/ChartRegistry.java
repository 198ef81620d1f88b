package dev.tagship.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tagship.core.Event;
import dev.tagship.core.EventListener;
import dev.tagship.core.Sha256;
import dev.tagship.version.SemVer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The front door for Helm charts in OCI registries (ACR serves Helm charts only so): push a
 * packaged chart in the layout {@code helm push} writes — a config blob holding Chart.yaml as JSON
 * and one layer holding the package — and pull one back for Helm to install. It signs in and
 * reaches the registry exactly as image publishing does ({@link RegistryAccess}), so credentials
 * stay in memory: Helm's own registry client would want them in its registry config file.
 */
public final class ChartRegistry {

  public static final String CONFIG_MEDIA_TYPE = "application/vnd.cncf.helm.config.v1+json";
  public static final String CONTENT_MEDIA_TYPE =
      "application/vnd.cncf.helm.chart.content.v1.tar+gzip";
  private static final String MANIFEST_MEDIA_TYPE = "application/vnd.oci.image.manifest.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final EventListener events;

  public ChartRegistry(EventListener events) {
    this.events = events;
  }

  public ChartPushResult push(ChartPushRequest request) {
    byte[] archive = read(request.archive());
    ObjectNode metadata = chartMetadata(archive, request.archive());
    String name = metadata.path("name").asText();
    String version = metadata.path("version").asText();
    String repository = (request.repository().isEmpty() ? "" : request.repository() + "/") + name;
    String reference = "oci://" + request.registry() + "/" + repository;
    String tag = version.replace('+', '_');
    byte[] config = json(metadata);
    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("schemaVersion", 2).put("mediaType", MANIFEST_MEDIA_TYPE);
    manifest.set("config", descriptor(CONFIG_MEDIA_TYPE, config));
    manifest.putArray("layers").add(descriptor(CONTENT_MEDIA_TYPE, archive));
    ObjectNode annotations = manifest.putObject("annotations");
    annotations.put("org.opencontainers.image.title", name);
    annotations.put("org.opencontainers.image.version", version);
    if (metadata.hasNonNull("description")) {
      annotations.put("org.opencontainers.image.description", metadata.get("description").asText());
    }
    RawManifest raw = RawManifest.of(json(manifest), MANIFEST_MEDIA_TYPE);
    RegistryFailures failures = new RegistryFailures(request.registry(), 200);
    RepositoryRef target = new RepositoryRef(request.registry(), repository);
    return withConnection(
        request.access(),
        request.registry(),
        connection -> {
          String existingConfig = existingConfigDigest(connection, target, tag, failures);
          String configDigest = "sha256:" + Sha256.hex(config);
          if (existingConfig != null) {
            if (existingConfig.equals(configDigest)) {
              events.on(
                  Event.info("Chart " + name + " " + version + " is already at " + reference));
              String digest =
                  failures.retry(
                      "read chart " + name + ":" + tag,
                      () -> connection.manifests().get(target, tag).digest(),
                      events);
              return new ChartPushResult(reference, version, digest, true);
            }
            throw ImageException.failure(
                reference
                    + ":"
                    + tag
                    + " already holds a different chart "
                    + name
                    + " "
                    + version
                    + ": chart versions are immutable; bump version in Chart.yaml");
          }
          upload(connection, target, config, failures);
          upload(connection, target, archive, failures);
          failures.retry(
              "write chart " + name + ":" + tag,
              () -> {
                connection.manifests().put(target, tag, raw);
                return null;
              },
              events);
          events.on(Event.info("Pushed chart " + name + " " + version + " to " + reference));
          return new ChartPushResult(reference, version, raw.digest(), false);
        });
  }

  public ChartPullResult pull(ChartPullRequest request) {
    String location = request.reference().substring("oci://".length());
    int slash = location.indexOf('/');
    if (slash <= 0 || slash == location.length() - 1) {
      throw ImageException.usage(
          "chart reference "
              + request.reference()
              + " names no repository: write oci://REGISTRY/REPOSITORY/NAME");
    }
    String registry = location.substring(0, slash);
    String path = location.substring(slash + 1);
    int colon = path.lastIndexOf(':');
    String taggedVersion = colon > path.lastIndexOf('/') ? path.substring(colon + 1) : null;
    String repository = taggedVersion == null ? path : path.substring(0, colon);
    String given = request.version() != null ? request.version() : taggedVersion;
    String version =
        given == null || given.isBlank() ? newestRelease(request, registry, repository) : given;
    if (taggedVersion != null && !taggedVersion.equals(version.replace('+', '_'))) {
      throw ImageException.usage(
          request.reference() + " names version " + taggedVersion + " but version is " + version);
    }
    String tag = version.replace('+', '_');
    RepositoryRef ref = new RepositoryRef(registry, repository);
    RegistryFailures failures = new RegistryFailures(registry, 200);
    return withConnection(
        request.access(),
        registry,
        connection -> {
          RawManifest manifest =
              failures.retry(
                  "read chart " + repository + ":" + tag,
                  () -> connection.manifests().get(ref, tag),
                  events);
          var blobs = manifest.blobs();
          if (blobs.isEmpty() || !CONFIG_MEDIA_TYPE.equals(blobs.get(0).mediaType())) {
            throw ImageException.failure(
                request.reference()
                    + ":"
                    + tag
                    + " is not a Helm chart (its config is "
                    + (blobs.isEmpty() ? "missing" : blobs.get(0).mediaType())
                    + ")");
          }
          RawManifest.Target content =
              blobs.stream()
                  .filter(blob -> CONTENT_MEDIA_TYPE.equals(blob.mediaType()))
                  .findFirst()
                  .orElseThrow(
                      () ->
                          ImageException.failure(
                              request.reference() + ":" + tag + " has no chart content layer"));
          byte[] archive =
              failures.retry(
                  "read chart " + repository + ":" + tag + " content",
                  () -> readBlob(connection, ref, content.digest()),
                  events);
          if (!content.digest().equals("sha256:" + Sha256.hex(archive))) {
            throw ImageException.failure(
                "the chart content of " + request.reference() + ":" + tag + " does not match");
          }
          String name = repository.substring(repository.lastIndexOf('/') + 1);
          Path file = request.directory().resolve(name + "-" + version + ".tgz");
          write(file, archive);
          events.on(Event.info("Pulled chart " + request.reference() + " " + version));
          return new ChartPullResult(file, version, manifest.digest());
        });
  }

  /**
   * The newest version of a chart that is not a pre-release, as Helm picks when no version is
   * given: its tags ({@code +} written {@code _}) read as semantic versions.
   */
  private String newestRelease(ChartPullRequest request, String registry, String repository) {
    RegistryFailures failures = new RegistryFailures(registry, 200);
    List<String> tags =
        withConnection(
            request.access(),
            registry,
            connection ->
                failures.retry(
                    "list the versions of " + repository,
                    () -> connection.manifests().tags(new RepositoryRef(registry, repository)),
                    events));
    Optional<SemVer> newest =
        tags == null
            ? Optional.empty()
            : tags.stream()
                .map(tag -> SemVer.tryParse(tag.replace('_', '+')))
                .flatMap(Optional::stream)
                .filter(version -> !version.isPreRelease())
                .max(java.util.Comparator.naturalOrder());
    if (newest.isEmpty()) {
      throw ImageException.usage(
          "no released version of "
              + request.reference()
              + " in the registry"
              + (tags == null || tags.isEmpty() ? "" : " (its tags: " + tags + ")")
              + "; push one with tagship chart push, or give --chart-version (version:)");
    }
    String version = newest.get().toString();
    events.on(Event.info("Newest version of " + request.reference() + ": " + version));
    return version;
  }

  private static byte[] readBlob(
      RegistryConnector.RegistryConnection connection, RepositoryRef ref, String digest) {
    try (java.io.InputStream in = connection.blobs().open(ref, digest)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private interface Work<T> {
    T run(RegistryConnector.RegistryConnection connection);
  }

  private static <T> T withConnection(RegistryAccess access, String registry, Work<T> work) {
    return work.run(RegistryConnector.connect(access, registry));
  }

  private String existingConfigDigest(
      RegistryConnector.RegistryConnection connection,
      RepositoryRef target,
      String tag,
      RegistryFailures failures) {
    try {
      RawManifest existing = connection.manifests().get(target, tag);
      return existing.blobs().isEmpty() ? "" : existing.blobs().get(0).digest();
    } catch (RuntimeException e) {
      if (RegistryFailures.isNotFound(e)) {
        return null;
      }
      throw failures.explain("read " + target + ":" + tag, e, 1);
    }
  }

  private void upload(
      RegistryConnector.RegistryConnection connection,
      RepositoryRef target,
      byte[] blob,
      RegistryFailures failures) {
    String digest = "sha256:" + Sha256.hex(blob);
    failures.retry(
        "upload chart blob " + digest.substring(0, 19),
        () -> {
          if (!connection.blobs().exists(target, digest)) {
            connection.blobs().upload(target, digest, RegistryHttp.Body.of(blob));
          }
          return null;
        },
        events);
  }

  /**
   * Chart.yaml of a chart package: the one file at {@code <chart>/Chart.yaml}. Read with the JDK's
   * gzip reader: commons-compress rejects the extra header field Helm writes.
   */
  private static ObjectNode chartMetadata(byte[] archive, Path file) {
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(archive)))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        String[] parts = entry.getName().split("/");
        if (parts.length == 2 && parts[1].equals("Chart.yaml")) {
          JsonNode chart = YAML.readTree(tar.readAllBytes());
          if (!(chart instanceof ObjectNode metadata)
              || metadata.path("name").asText("").isEmpty()
              || metadata.path("version").asText("").isEmpty()) {
            throw ImageException.usage(file + ": Chart.yaml needs a name and a version");
          }
          return metadata;
        }
      }
    } catch (IOException e) {
      throw ImageException.usage(
          file + " is not a chart package (" + e.getMessage() + "): give a chart folder or a .tgz");
    }
    throw ImageException.usage(file + " holds no Chart.yaml: it is not a chart package");
  }

  private static ObjectNode descriptor(String mediaType, byte[] content) {
    ObjectNode descriptor = JSON.createObjectNode();
    descriptor
        .put("mediaType", mediaType)
        .put("digest", "sha256:" + Sha256.hex(content))
        .put("size", content.length);
    return descriptor;
  }

  private static byte[] json(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw ImageException.usage("cannot read chart package " + file + ": " + e.getMessage());
    }
  }

  private static void write(Path file, byte[] content) {
    try {
      Files.deleteIfExists(file);
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.write(file, content);
    } catch (IOException e) {
      throw ImageException.failure("cannot write chart package " + file + ": " + e.getMessage(), e);
    }
  }
}
