package dev.tagship.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tagship.core.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The base image a team would find in its registry, written as an OCI layout for the sandbox to
 * push: one layer with the web server's folder, nothing that runs (the sandbox's pods never run
 * anything), and a label that says so.
 */
final class SeedImages {

  static final String BASE_REPOSITORY = "base/nginx";
  static final String BASE_TAG = "1.27";

  private static final ObjectMapper JSON = new ObjectMapper();

  private SeedImages() {}

  /** Writes the base image into {@code layout}, tagged {@link #BASE_TAG}. */
  static void writeBase(Path layout) throws IOException {
    Path blobs = layout.resolve("blobs/sha256");
    Files.createDirectories(blobs);
    byte[] tar =
        OneFileTar.of(
            "usr/share/nginx/html/50x.html", "<p>Sorry.</p>\n".getBytes(StandardCharsets.UTF_8));
    byte[] layer = OneFileTar.gzip(tar);
    String layerDigest = write(blobs, layer);
    byte[] config =
        JSON.writeValueAsBytes(
            Map.of(
                "architecture",
                "amd64",
                "os",
                "linux",
                "config",
                Map.of(
                    "Cmd", List.of("nginx", "-g", "daemon off;"),
                    "ExposedPorts", Map.of("80/tcp", Map.of()),
                    "Labels",
                        Map.of("dev.tagship.sandbox", "a stand-in base image: it runs nothing")),
                "rootfs",
                Map.of("type", "layers", "diff_ids", List.of("sha256:" + Sha256.hex(tar)))));
    String configDigest = write(blobs, config);
    byte[] manifest =
        JSON.writeValueAsBytes(
            Map.of(
                "schemaVersion",
                2,
                "mediaType",
                "application/vnd.oci.image.manifest.v1+json",
                "config",
                Map.of(
                    "mediaType",
                    "application/vnd.oci.image.config.v1+json",
                    "digest",
                    "sha256:" + configDigest,
                    "size",
                    config.length),
                "layers",
                List.of(
                    Map.of(
                        "mediaType",
                        "application/vnd.oci.image.layer.v1.tar+gzip",
                        "digest",
                        "sha256:" + layerDigest,
                        "size",
                        layer.length))));
    String manifestDigest = write(blobs, manifest);
    Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    Files.write(
        layout.resolve("index.json"),
        JSON.writeValueAsBytes(
            Map.of(
                "schemaVersion",
                2,
                "manifests",
                List.of(
                    Map.of(
                        "mediaType",
                        "application/vnd.oci.image.manifest.v1+json",
                        "digest",
                        "sha256:" + manifestDigest,
                        "size",
                        manifest.length,
                        "annotations",
                        Map.of("org.opencontainers.image.ref.name", BASE_TAG))))));
  }

  private static String write(Path blobs, byte[] content) throws IOException {
    String digest = Sha256.hex(content);
    Files.write(blobs.resolve(digest), content);
    return digest;
  }
}
