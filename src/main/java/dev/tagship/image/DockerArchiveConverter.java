package dev.tagship.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tagship.core.Event;
import dev.tagship.core.EventListener;
import dev.tagship.core.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.zip.GZIPOutputStream;

/**
 * Turns a legacy {@code docker save} / Kaniko tarball (manifest.json, config, layer tars) into an
 * OCI layout with a Docker v2.2 manifest, as {@code docker push} would write it. The config is kept
 * byte for byte (the image ID stays); layers already compressed are kept as they are; uncompressed
 * ones are gzipped in parallel, deterministically, so a re-push is a no-op.
 */
final class DockerArchiveConverter {

  static final String MANIFEST_V2 = "application/vnd.docker.distribution.manifest.v2+json";
  private static final String CONFIG = "application/vnd.docker.container.image.v1+json";
  private static final String LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** containers/image's limit for a docker-save manifest.json (iolimits.MaxTarFileManifestSize). */
  private static final int MAX_MANIFEST_JSON_BYTES = 1 << 20;

  private final ExecutorService executor;
  private final EventListener events;

  DockerArchiveConverter(ExecutorService executor, EventListener events) {
    this.executor = executor;
    this.events = events;
  }

  private record Blob(String digest, long size) {}

  void convert(Path archive, Path layout) {
    try {
      Path blobs = layout.resolve("blobs/sha256");
      Files.createDirectories(blobs);
      Path manifestJson = archive.resolve("manifest.json");
      if (Files.size(manifestJson) > MAX_MANIFEST_JSON_BYTES) {
        throw ImageException.failure(
            "the docker archive's manifest.json has over "
                + MAX_MANIFEST_JSON_BYTES
                + " bytes; it is refused");
      }
      JsonNode entries = JSON.readTree(Files.readAllBytes(manifestJson));
      if (!entries.isArray() || entries.size() != 1) {
        throw ImageException.usage(
            "docker archive holds " + entries.size() + " images; save one image per tarball");
      }
      JsonNode entry = entries.get(0);
      Blob config = copyBlob(member(archive, entry.path("Config").asText(), "config"), blobs);
      List<Future<Blob>> layers = new ArrayList<>();
      try {
        for (JsonNode layer : entry.path("Layers")) {
          Path file = member(archive, layer.asText(), "layer");
          layers.add(
              executor.submit(() -> isGzip(file) ? copyBlob(file, blobs) : gzipBlob(file, blobs)));
        }
      } catch (RuntimeException e) {
        awaitQuietly(layers);
        throw e;
      }
      ObjectNode manifest = JSON.createObjectNode();
      manifest.put("schemaVersion", 2);
      manifest.put("mediaType", MANIFEST_V2);
      manifest.set("config", descriptor(CONFIG, config));
      ArrayNode layerNodes = manifest.putArray("layers");
      try {
        for (Future<Blob> layer : layers) {
          layerNodes.add(descriptor(LAYER_GZIP, layer.get()));
        }
      } catch (ExecutionException | InterruptedException | RuntimeException e) {
        awaitQuietly(layers);
        throw e;
      }
      byte[] manifestBytes = JSON.writeValueAsBytes(manifest);
      String manifestDigest = Sha256.hex(manifestBytes);
      Files.write(blobs.resolve(manifestDigest), manifestBytes);
      ObjectNode index = JSON.createObjectNode();
      index.put("schemaVersion", 2);
      ObjectNode entryNode =
          descriptor(MANIFEST_V2, new Blob(manifestDigest, manifestBytes.length));
      index.putArray("manifests").add(entryNode);
      Files.write(layout.resolve("index.json"), JSON.writeValueAsBytes(index));
      Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
      events.on(Event.debug("Converted docker archive: " + layers.size() + " layer(s)"));
    } catch (IOException e) {
      throw ImageException.failure(
          "cannot read the docker archive: " + e.getMessage() + " (is manifest.json there?)", e);
    } catch (ExecutionException e) {
      throw ImageException.failure("cannot compress a layer: " + e.getCause().getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ImageException.failure("interrupted while converting the docker archive", e);
    }
  }

  /**
   * The file {@code name} (from manifest.json) names inside the unpacked archive; a name that
   * leaves it ({@code ../}, an absolute path) or is not a file is refused.
   */
  private static Path member(Path archive, String name, String what) {
    Path file = archive.resolve(name).normalize();
    if (name.isEmpty() || !file.startsWith(archive) || file.equals(archive)) {
      throw ImageException.failure(
          "the docker archive's manifest.json names a " + what + " outside the archive: " + name);
    }
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw ImageException.failure(
          "the docker archive lacks the " + what + " its manifest.json names: " + name);
    }
    return file;
  }

  /**
   * Lets every layer task end before the failure goes on, so none writes into the temporary folder
   * after it was deleted.
   */
  private static void awaitQuietly(List<Future<Blob>> layers) {
    for (Future<Blob> layer : layers) {
      try {
        layer.get();
      } catch (ExecutionException | RuntimeException ignored) {
        // the first failure is the one reported
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static ObjectNode descriptor(String mediaType, Blob blob) {
    ObjectNode node = JSON.createObjectNode();
    node.put("mediaType", mediaType);
    node.put("size", blob.size());
    node.put("digest", "sha256:" + blob.digest());
    return node;
  }

  private static boolean isGzip(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.read() == 0x1f && in.read() == 0x8b;
    }
  }

  private static Blob copyBlob(Path file, Path blobs) throws IOException {
    MessageDigest sha = Sha256.digest();
    Path temp = Files.createTempFile(blobs, "in-", ".tmp");
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
      Files.copy(in, temp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    return moveToDigest(temp, sha, blobs);
  }

  private static Blob gzipBlob(Path file, Path blobs) throws IOException {
    MessageDigest sha = Sha256.digest();
    Path temp = Files.createTempFile(blobs, "gz-", ".tmp");
    try (OutputStream out = new DigestOutputStream(Files.newOutputStream(temp), sha);
        GZIPOutputStream gzip = new GZIPOutputStream(out, 1 << 16)) {
      Files.copy(file, gzip);
    }
    return moveToDigest(temp, sha, blobs);
  }

  private static Blob moveToDigest(Path temp, MessageDigest sha, Path blobs) throws IOException {
    String digest = HexFormat.of().formatHex(sha.digest());
    long size = Files.size(temp);
    Files.move(temp, blobs.resolve(digest), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return new Blob(digest, size);
  }
}
