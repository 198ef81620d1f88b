package dev.tagship.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A git smart-HTTP server on 127.0.0.1 that asks for basic authentication, as Bitbucket or any
 * https git host does: requests are checked against one user name and password, then handed to
 * git's own {@code git http-backend} CGI program, which serves fetch and push.
 */
public final class GitHttpServerFixture implements AutoCloseable {

  private final HttpServer server;
  private final Path projectRoot;
  private final String username;
  private final String password;

  private GitHttpServerFixture(Path projectRoot, String username, String password)
      throws IOException {
    this.projectRoot = projectRoot;
    this.username = username;
    this.password = password;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
  }

  /** Serves every repository under {@code projectRoot} to {@code username}/{@code password}. */
  public static GitHttpServerFixture start(Path projectRoot, String username, String password) {
    try {
      return new GitHttpServerFixture(projectRoot, username, password);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The URL of repository {@code name} (a folder under the project root). */
  public String url(String name) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + name;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!authorized(exchange)) {
        exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      ProcessBuilder cgi = new ProcessBuilder("git", "http-backend");
      Map<String, String> env = cgi.environment();
      env.put("GIT_PROJECT_ROOT", projectRoot.toString());
      env.put("GIT_HTTP_EXPORT_ALL", "1");
      env.put("REMOTE_USER", username);
      env.put("REMOTE_ADDR", "127.0.0.1");
      env.put("REQUEST_METHOD", exchange.getRequestMethod());
      env.put("PATH_INFO", exchange.getRequestURI().getPath());
      String query = exchange.getRequestURI().getRawQuery();
      env.put("QUERY_STRING", query == null ? "" : query);
      copyHeader(exchange, "Content-Type", env, "CONTENT_TYPE");
      copyHeader(exchange, "Content-Encoding", env, "HTTP_CONTENT_ENCODING");
      copyHeader(exchange, "Git-Protocol", env, "GIT_PROTOCOL");
      Process process = cgi.start();
      try (OutputStream stdin = process.getOutputStream();
          InputStream body = exchange.getRequestBody()) {
        body.transferTo(stdin);
      }
      byte[] output = process.getInputStream().readAllBytes();
      process.waitFor(30, TimeUnit.SECONDS);
      respond(exchange, output);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private boolean authorized(HttpExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    return expected.equals(header);
  }

  private static void copyHeader(
      HttpExchange exchange, String header, Map<String, String> env, String variable) {
    String value = exchange.getRequestHeaders().getFirst(header);
    if (value != null) {
      env.put(variable, value);
    }
  }

  /** Splits the CGI output into its header lines and body, and sends them. */
  private static void respond(HttpExchange exchange, byte[] output) throws IOException {
    int split = indexOf(output, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    int bodyStart = split + 4;
    if (split < 0) {
      split = indexOf(output, "\n\n".getBytes(StandardCharsets.ISO_8859_1));
      bodyStart = split + 2;
    }
    int status = 200;
    String headers = new String(output, 0, Math.max(split, 0), StandardCharsets.ISO_8859_1);
    for (String line : headers.split("\r?\n")) {
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String name = line.substring(0, colon).trim();
      String value = line.substring(colon + 1).trim();
      if (name.equalsIgnoreCase("Status")) {
        status = Integer.parseInt(value.split(" ")[0]);
      } else {
        exchange.getResponseHeaders().add(name, value);
      }
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (split >= 0) {
      body.write(output, bodyStart, output.length - bodyStart);
    }
    exchange.sendResponseHeaders(status, body.size() == 0 ? -1 : body.size());
    if (body.size() > 0) {
      exchange.getResponseBody().write(body.toByteArray());
    }
  }

  private static int indexOf(byte[] data, byte[] pattern) {
    outer:
    for (int i = 0; i + pattern.length <= data.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
