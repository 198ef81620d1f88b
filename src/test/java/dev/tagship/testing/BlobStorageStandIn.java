package dev.tagship.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * Blob storage on 127.0.0.1 that a redirecting registry sends blob reads to, as ACR sends them to
 * Azure Storage with a signed URL: it serves the registry's storage folder, and refuses a request
 * that carries an {@code Authorization} header, as Azure Storage does (400
 * InvalidAuthenticationInfo) — registry credentials must never follow a redirect to another host.
 */
public final class BlobStorageStandIn implements AutoCloseable {

  private final HttpServer server;
  private final Path root;
  private final List<String> requests = new CopyOnWriteArrayList<>();

  private BlobStorageStandIn(Path root) throws IOException {
    this.root = root;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
  }

  /** Serves the files under {@code root} (a registry's storage root directory). */
  public static BlobStorageStandIn serve(Path root) {
    try {
      return new BlobStorageStandIn(root);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  /** Requests served, as {@code METHOD path status}. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      Path file = root.resolve(path.substring(1)).normalize();
      int status;
      byte[] body = new byte[0];
      if (exchange.getRequestHeaders().containsKey("Authorization")) {
        status = 400;
        body =
            "<Error><Code>InvalidAuthenticationInfo</Code></Error>"
                .getBytes(StandardCharsets.UTF_8);
      } else if (!file.startsWith(root) || !Files.isRegularFile(file)) {
        status = 404;
      } else {
        status = 200;
        body = Files.readAllBytes(file);
      }
      requests.add(method + " " + path + " " + status);
      if (method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Content-Length", String.valueOf(body.length));
        exchange.sendResponseHeaders(status, -1);
      } else {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
