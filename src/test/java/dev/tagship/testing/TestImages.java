package dev.tagship.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tagship.sandbox.OneFileTar;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Container images made by the tests, without Docker: an OCI image layout with layers of chosen
 * sizes, and the tarball formats that {@code docker save}, Kaniko and Buildah write, converted from
 * it by skopeo.
 */
public final class TestImages {

  private static final ObjectMapper JSON = new ObjectMapper();

  private TestImages() {}

  /**
   * An OCI layout in {@code dir} tagged {@code tag}; returns the manifest digest. Layers get random
   * content from their position, except the last, which gets {@code lastLayerSeed}: two images that
   * differ only in that seed share every other layer.
   */
  public static String ociLayout(Path dir, String tag, long lastLayerSeed, int... layerSizes) {
    try {
      Path blobs = dir.resolve("blobs/sha256");
      Files.createDirectories(blobs);
      List<String> layers = new ArrayList<>();
      List<String> diffIds = new ArrayList<>();
      for (int i = 0; i < layerSizes.length; i++) {
        long seed = i == layerSizes.length - 1 ? lastLayerSeed : i;
        byte[] tar =
            OneFileTar.of("app/layer" + i + ".bin", randomBytes(new Random(seed), layerSizes[i]));
        diffIds.add("\"sha256:" + sha256(tar) + "\"");
        byte[] gz = OneFileTar.gzip(tar);
        String digest = writeBlob(blobs, gz);
        layers.add(
            "{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"sha256:"
                + digest
                + "\",\"size\":"
                + gz.length
                + "}");
      }
      byte[] config =
          ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Entrypoint\":[\"/app/run\"]},"
                  + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":["
                  + String.join(",", diffIds)
                  + "]}}")
              .getBytes(StandardCharsets.UTF_8);
      String configDigest = writeBlob(blobs, config);
      // Indented on purpose: a tool that re-encodes the manifest changes its digest.
      byte[] manifest =
          ("{\n   \"schemaVersion\": 2,\n   \"mediaType\": "
                  + "\"application/vnd.oci.image.manifest.v1+json\",\n   \"config\": "
                  + "{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:"
                  + configDigest
                  + "\",\"size\":"
                  + config.length
                  + "},\n   \"layers\": ["
                  + String.join(",", layers)
                  + "]\n}\n")
              .getBytes(StandardCharsets.UTF_8);
      String manifestDigest = writeBlob(blobs, manifest);
      Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
      Files.writeString(
          dir.resolve("index.json"),
          "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"
              + "\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:"
              + manifestDigest
              + "\",\"size\":"
              + manifest.length
              + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\""
              + tag
              + "\"}}]}");
      return "sha256:" + manifestDigest;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * An OCI layout in {@code dir} whose image is an index of two manifests (as a multi-platform
   * image is), tagged {@code tag}; returns the index's digest.
   */
  public static String ociIndexLayout(Path dir, String tag, int layerSize) {
    try {
      List<String> children = new ArrayList<>();
      String[] platforms = {"amd64", "arm64"};
      for (int i = 0; i < platforms.length; i++) {
        String digest = ociLayout(dir, platforms[i], 100 + i, layerSize);
        long size = Files.size(blobFile(dir, digest));
        children.add(
            "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\""
                + digest
                + "\",\"size\":"
                + size
                + ",\"platform\":{\"os\":\"linux\",\"architecture\":\""
                + platforms[i]
                + "\"}}");
      }
      byte[] index =
          ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
                  + "\"manifests\":["
                  + String.join(",", children)
                  + "]}")
              .getBytes(StandardCharsets.UTF_8);
      String indexDigest = writeBlob(dir.resolve("blobs/sha256"), index);
      Files.writeString(
          dir.resolve("index.json"),
          "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"
              + "\"application/vnd.oci.image.index.v1+json\",\"digest\":\"sha256:"
              + indexDigest
              + "\",\"size\":"
              + index.length
              + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\""
              + tag
              + "\"}}]}");
      return "sha256:" + indexDigest;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The file of blob {@code digest} ({@code sha256:...}) in the OCI layout {@code dir}. */
  public static Path blobFile(Path dir, String digest) {
    return dir.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
  }

  /** The digests of the layers of manifest {@code manifestDigest} in the OCI layout {@code dir}. */
  public static List<String> layerDigests(Path dir, String manifestDigest) {
    try {
      List<String> layers = new ArrayList<>();
      JSON.readTree(blob(dir, manifestDigest))
          .get("layers")
          .forEach(layer -> layers.add(layer.get("digest").asText()));
      return layers;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Converts an OCI layout image to another transport with skopeo, e.g. {@code
   * docker-archive:x.tar}.
   */
  public static void skopeoCopy(List<String> options, String source, String destination) {
    List<String> command = new ArrayList<>(List.of("skopeo", "copy", "--quiet"));
    command.addAll(options);
    command.add(source);
    command.add(destination);
    run(command);
  }

  /**
   * The tarball Docker 25 and later write with {@code docker save} of {@code name}: an OCI layout
   * (as {@link #ociLayout} makes it, next to the tarball) plus the legacy manifest.json and
   * repositories files for older tools. Returns the image's manifest digest.
   */
  public static String dockerSaveOciTarball(
      Path tarball, String name, long lastLayerSeed, int... layerSizes) {
    Path layout = tarball.resolveSibling(tarball.getFileName() + ".layout");
    String digest =
        ociLayout(layout, name.substring(name.lastIndexOf(':') + 1), lastLayerSeed, layerSizes);
    try {
      JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
      JsonNode manifest = JSON.readTree(blob(layout, index.at("/manifests/0/digest").asText()));
      ObjectNode entry = JSON.createObjectNode();
      entry.put("Config", "blobs/" + manifest.at("/config/digest").asText().replace(':', '/'));
      entry.putArray("RepoTags").add(name);
      ArrayNode layers = entry.putArray("Layers");
      manifest
          .get("layers")
          .forEach(l -> layers.add("blobs/" + l.get("digest").asText().replace(':', '/')));
      int colon = name.lastIndexOf(':');
      ObjectNode repositories = JSON.createObjectNode();
      repositories
          .putObject(name.substring(0, colon))
          .put(name.substring(colon + 1), manifest.at("/config/digest").asText().substring(7));
      try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(tarball));
          Stream<Path> files = Files.walk(layout)) {
        for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
          addToTar(tar, layout.relativize(file).toString(), Files.readAllBytes(file));
        }
        addToTar(tar, "manifest.json", JSON.writeValueAsBytes(JSON.createArrayNode().add(entry)));
        addToTar(tar, "repositories", JSON.writeValueAsBytes(repositories));
      }
      return digest;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void addToTar(TarArchiveOutputStream tar, String name, byte[] content)
      throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(content.length);
    tar.putArchiveEntry(entry);
    tar.write(content);
    tar.closeArchiveEntry();
  }

  /**
   * The manifest digest skopeo sees for {@code reference} (e.g. {@code docker://host/repo:tag}).
   */
  public static String skopeoDigest(List<String> options, String reference) {
    List<String> command = new ArrayList<>(List.of("skopeo", "inspect", "--format", "{{.Digest}}"));
    command.addAll(options);
    command.add(reference);
    return run(command).strip();
  }

  /**
   * The permission bits (octal, as {@code 755}) of every regular file in every layer of the single
   * image in the OCI layout {@code dir}, by path without the leading slash.
   */
  public static Map<String, String> layerFileModes(Path dir) {
    try {
      ObjectMapper json = new ObjectMapper();
      JsonNode index = json.readTree(dir.resolve("index.json").toFile());
      JsonNode manifest = json.readTree(blob(dir, index.at("/manifests/0/digest").asText()));
      Map<String, String> modes = new java.util.TreeMap<>();
      for (JsonNode layer : manifest.get("layers")) {
        byte[] tar =
            new java.util.zip.GZIPInputStream(
                    new java.io.ByteArrayInputStream(blob(dir, layer.get("digest").asText())))
                .readAllBytes();
        for (int at = 0; at + 512 <= tar.length; ) {
          String name = field(tar, at, 100);
          if (name.isEmpty()) {
            break;
          }
          long size = Long.parseLong(field(tar, at + 124, 12).trim(), 8);
          if (tar[at + 156] == '0' || tar[at + 156] == 0) {
            String mode =
                Integer.toOctalString(Integer.parseInt(field(tar, at + 100, 8).trim(), 8) & 0777);
            modes.put(name.replaceFirst("^\\./", "").replaceFirst("^/", ""), mode);
          }
          at += 512 + (int) ((size + 511) / 512 * 512);
        }
      }
      return modes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] blob(Path dir, String digest) throws IOException {
    return Files.readAllBytes(
        dir.resolve("blobs/sha256").resolve(digest.substring("sha256:".length())));
  }

  private static String field(byte[] tar, int offset, int length) {
    int end = offset;
    while (end < offset + length && tar[end] != 0) {
      end++;
    }
    return new String(tar, offset, end - offset, StandardCharsets.US_ASCII);
  }

  private static String run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
      }
      return output;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static byte[] randomBytes(Random random, int size) {
    byte[] bytes = new byte[size];
    random.nextBytes(bytes);
    return bytes;
  }

  /** A ustar archive with one regular file, mtime 0, so equal content gives equal bytes. */
  private static String writeBlob(Path blobs, byte[] data) throws IOException {
    String digest = sha256(data);
    Files.write(blobs.resolve(digest), data);
    return digest;
  }

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
