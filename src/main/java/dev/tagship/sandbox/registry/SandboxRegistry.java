package dev.tagship.sandbox.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tagship.core.DaemonThreads;
import dev.tagship.core.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The sandbox's container registry: the part of the OCI Distribution API that image tools use —
 * blobs (with chunked and monolithic uploads and cross-repository mounts), manifests by tag and by
 * digest, tag lists — kept in memory, on 127.0.0.1, over plain HTTP. It lets the sandbox run pushes
 * and pulls through the same client code as against ACR, on a machine with nothing installed.
 */
public final class SandboxRegistry implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A manifest as pushed: its bytes and the media type it was pushed with. */
  private record Manifest(String mediaType, byte[] bytes) {}

  private final HttpServer server;
  private PlainHttpFront front;
  private final ExecutorService executor =
      Executors.newCachedThreadPool(DaemonThreads.named("tagship-sandbox-registry"));
  private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> linked = new ConcurrentHashMap<>();
  private final Map<String, Manifest> manifests = new ConcurrentHashMap<>();
  private final Map<String, Map<String, String>> tags = new ConcurrentHashMap<>();
  private final Map<String, ByteArrayOutputStream> uploads = new ConcurrentHashMap<>();

  private SandboxRegistry(HttpServer server) {
    this.server = server;
  }

  public static SandboxRegistry start() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    SandboxRegistry registry = new SandboxRegistry(server);
    server.createContext("/", registry::handle);
    server.setExecutor(registry.executor);
    server.start();
    registry.front = PlainHttpFront.start(server.getAddress());
    return registry;
  }

  /** {@code 127.0.0.1:PORT}, the registry's name in image references. */
  public String address() {
    return "127.0.0.1:" + front.port();
  }

  /** Whether {@code repository:tag} (or {@code @digest}) can be pulled. */
  public boolean has(String repository, String reference) {
    return resolve(repository, reference) != null;
  }

  /** Whether an image reference {@code address()/repository:tag} can be pulled from here. */
  public boolean hasImage(String image) {
    String prefix = address() + "/";
    if (!image.startsWith(prefix)) {
      return false;
    }
    String rest = image.substring(prefix.length());
    int at = rest.indexOf('@');
    if (at >= 0) {
      return has(rest.substring(0, at), rest.substring(at + 1));
    }
    int colon = rest.lastIndexOf(':');
    return colon < 0
        ? has(rest, "latest")
        : has(rest.substring(0, colon), rest.substring(colon + 1));
  }

  private String resolve(String repository, String reference) {
    String digest =
        reference.startsWith("sha256:")
            ? reference
            : tags.getOrDefault(repository, Map.of()).get(reference);
    if (digest == null
        || !manifests.containsKey(digest)
        || !linked.getOrDefault(repository, Set.of()).contains(digest)) {
      return null;
    }
    return digest;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getResponseHeaders().set("Docker-Distribution-API-Version", "registry/2.0");
      String path = exchange.getRequestURI().getPath();
      if (path.equals("/v2/") || path.equals("/v2")) {
        reply(exchange, 200, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
        return;
      }
      if (!path.startsWith("/v2/")) {
        error(exchange, 404, "NOT_FOUND", "no such route");
        return;
      }
      route(exchange, path.substring("/v2/".length()));
    } catch (RuntimeException e) {
      error(exchange, 500, "UNKNOWN", String.valueOf(e.getMessage()));
    }
  }

  private void route(HttpExchange exchange, String rest) throws IOException {
    String method = exchange.getRequestMethod();
    int uploadsAt = rest.indexOf("/blobs/uploads");
    int blobsAt = rest.lastIndexOf("/blobs/");
    int manifestsAt = rest.lastIndexOf("/manifests/");
    if (uploadsAt > 0) {
      String repository = rest.substring(0, uploadsAt);
      String id = rest.substring(uploadsAt + "/blobs/uploads".length()).replaceFirst("^/", "");
      upload(exchange, method, repository, id);
    } else if (blobsAt > 0) {
      blob(
          exchange,
          method,
          rest.substring(0, blobsAt),
          rest.substring(blobsAt + "/blobs/".length()));
    } else if (manifestsAt > 0) {
      manifest(
          exchange,
          method,
          rest.substring(0, manifestsAt),
          rest.substring(manifestsAt + "/manifests/".length()));
    } else if (rest.endsWith("/tags/list") && method.equals("GET")) {
      String repository = rest.substring(0, rest.length() - "/tags/list".length());
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("name", repository);
      body.put("tags", new TreeSet<>(tags.getOrDefault(repository, Map.of()).keySet()));
      reply(exchange, 200, "application/json", JSON.writeValueAsBytes(body));
    } else {
      error(exchange, 404, "NOT_FOUND", "no such route");
    }
  }

  private void blob(HttpExchange exchange, String method, String repository, String digest)
      throws IOException {
    byte[] content = blobs.get(digest);
    if (content == null || !linked.getOrDefault(repository, Set.of()).contains(digest)) {
      error(exchange, 404, "BLOB_UNKNOWN", "blob unknown to registry");
      return;
    }
    exchange.getResponseHeaders().set("Docker-Content-Digest", digest);
    if (method.equals("HEAD")) {
      exchange.getResponseHeaders().set("Content-Length", Long.toString(content.length));
      exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
      exchange.sendResponseHeaders(200, -1);
    } else if (method.equals("GET")) {
      reply(exchange, 200, "application/octet-stream", content);
    } else {
      error(exchange, 405, "UNSUPPORTED", "blobs are not deleted in the sandbox");
    }
  }

  private void upload(HttpExchange exchange, String method, String repository, String id)
      throws IOException {
    Map<String, String> query = query(exchange.getRequestURI());
    byte[] body = exchange.getRequestBody().readAllBytes();
    if (method.equals("POST") && id.isEmpty()) {
      String mount = query.get("mount");
      String from = query.get("from");
      if (mount != null
          && blobs.containsKey(mount)
          && linked.getOrDefault(from == null ? "" : from, Set.of()).contains(mount)) {
        link(repository, mount);
        created(exchange, "/v2/" + repository + "/blobs/" + mount, mount);
        return;
      }
      if (query.containsKey("digest")) {
        store(exchange, repository, body, query.get("digest"));
        return;
      }
      String uuid = UUID.randomUUID().toString();
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      buffer.write(body);
      uploads.put(uuid, buffer);
      accepted(exchange, repository, uuid, buffer.size());
      return;
    }
    ByteArrayOutputStream buffer = uploads.get(id);
    if (buffer == null) {
      error(exchange, 404, "BLOB_UPLOAD_UNKNOWN", "blob upload unknown to registry");
      return;
    }
    synchronized (buffer) {
      buffer.write(body);
    }
    switch (method) {
      case "PATCH" -> accepted(exchange, repository, id, buffer.size());
      case "PUT" -> {
        uploads.remove(id);
        store(exchange, repository, buffer.toByteArray(), query.get("digest"));
      }
      case "GET" -> accepted(exchange, repository, id, buffer.size());
      case "DELETE" -> {
        uploads.remove(id);
        exchange.sendResponseHeaders(204, -1);
      }
      default -> error(exchange, 405, "UNSUPPORTED", method + " on an upload");
    }
  }

  private void store(HttpExchange exchange, String repository, byte[] content, String digest)
      throws IOException {
    String actual = digest(content);
    if (digest == null || !digest.equals(actual)) {
      error(exchange, 400, "DIGEST_INVALID", "provided digest did not match uploaded content");
      return;
    }
    blobs.putIfAbsent(actual, content);
    link(repository, actual);
    created(exchange, "/v2/" + repository + "/blobs/" + actual, actual);
  }

  private void manifest(HttpExchange exchange, String method, String repository, String reference)
      throws IOException {
    switch (method) {
      case "GET", "HEAD" -> {
        String digest = resolve(repository, reference);
        if (digest == null) {
          error(exchange, 404, "MANIFEST_UNKNOWN", "manifest unknown");
          return;
        }
        Manifest manifest = manifests.get(digest);
        exchange.getResponseHeaders().set("Docker-Content-Digest", digest);
        if (method.equals("HEAD")) {
          exchange.getResponseHeaders().set("Content-Type", manifest.mediaType());
          exchange
              .getResponseHeaders()
              .set("Content-Length", Long.toString(manifest.bytes().length));
          exchange.sendResponseHeaders(200, -1);
        } else {
          reply(exchange, 200, manifest.mediaType(), manifest.bytes());
        }
      }
      case "PUT" -> putManifest(exchange, repository, reference);
      default -> error(exchange, 405, "UNSUPPORTED", "manifests are not deleted in the sandbox");
    }
  }

  private void putManifest(HttpExchange exchange, String repository, String reference)
      throws IOException {
    byte[] bytes = exchange.getRequestBody().readAllBytes();
    String digest = digest(bytes);
    if (reference.startsWith("sha256:") && !reference.equals(digest)) {
      error(exchange, 400, "DIGEST_INVALID", "manifest digest did not match its content");
      return;
    }
    JsonNode tree;
    try {
      tree = JSON.readTree(bytes);
    } catch (IOException e) {
      error(exchange, 400, "MANIFEST_INVALID", "manifest is not JSON");
      return;
    }
    String mediaType = exchange.getRequestHeaders().getFirst("Content-Type");
    if (mediaType == null && tree.hasNonNull("mediaType")) {
      mediaType = tree.get("mediaType").asText();
    }
    for (String referenced : referenced(tree)) {
      Set<String> present = linked.getOrDefault(repository, Set.of());
      if (!present.contains(referenced)) {
        error(exchange, 400, "MANIFEST_BLOB_UNKNOWN", "blob unknown to registry: " + referenced);
        return;
      }
    }
    manifests.put(
        digest,
        new Manifest(
            mediaType == null ? "application/vnd.oci.image.manifest.v1+json" : mediaType, bytes));
    link(repository, digest);
    if (!reference.startsWith("sha256:")) {
      tags.computeIfAbsent(repository, r -> new ConcurrentHashMap<>()).put(reference, digest);
    }
    created(exchange, "/v2/" + repository + "/manifests/" + digest, digest);
  }

  /** The blobs and manifests a manifest or index points at, which must be there before it. */
  private static Set<String> referenced(JsonNode tree) {
    Set<String> digests = new TreeSet<>();
    if (tree.has("config")) {
      digests.add(tree.get("config").path("digest").asText());
    }
    for (String list : new String[] {"layers", "manifests"}) {
      for (JsonNode entry : tree.path(list)) {
        digests.add(entry.path("digest").asText());
      }
    }
    return digests;
  }

  private void link(String repository, String digest) {
    linked.computeIfAbsent(repository, r -> ConcurrentHashMap.newKeySet()).add(digest);
  }

  private static void accepted(HttpExchange exchange, String repository, String uuid, int size)
      throws IOException {
    exchange.getResponseHeaders().set("Location", "/v2/" + repository + "/blobs/uploads/" + uuid);
    exchange.getResponseHeaders().set("Docker-Upload-UUID", uuid);
    exchange.getResponseHeaders().set("Range", "0-" + Math.max(0, size - 1));
    exchange.getResponseHeaders().set("Content-Length", "0");
    exchange.sendResponseHeaders(202, -1);
  }

  private static void created(HttpExchange exchange, String location, String digest)
      throws IOException {
    exchange.getResponseHeaders().set("Location", location);
    exchange.getResponseHeaders().set("Docker-Content-Digest", digest);
    exchange.getResponseHeaders().set("Content-Length", "0");
    exchange.sendResponseHeaders(201, -1);
  }

  private static void reply(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static void error(HttpExchange exchange, int status, String code, String message)
      throws IOException {
    Map<String, Object> error = Map.of("code", code, "message", message);
    byte[] body = JSON.writeValueAsBytes(Map.of("errors", java.util.List.of(error)));
    if (exchange.getRequestMethod().equals("HEAD")) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    reply(exchange, status, "application/json", body);
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> values = new LinkedHashMap<>();
    String raw = uri.getRawQuery();
    if (raw == null) {
      return values;
    }
    for (String pair : raw.split("&")) {
      int equals = pair.indexOf('=');
      String key = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      values.put(
          java.net.URLDecoder.decode(key, StandardCharsets.UTF_8),
          java.net.URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return values;
  }

  static String digest(byte[] content) {
    return "sha256:" + Sha256.hex(content);
  }

  @Override
  public void close() {
    try {
      front.close();
    } catch (IOException e) {
      // closing a listening socket that is already closed
    }
    server.stop(0);
    executor.shutdownNow();
  }
}
