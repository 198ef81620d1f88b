package dev.tagship.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * An HTTP proxy on 127.0.0.1 in front of a plain-HTTP registry that injects faults: it resets the
 * connection or answers a status (500, 429, 403...) for requests matching a rule, a set number of
 * times, and forwards everything else untouched.
 */
public final class FaultyProxy implements AutoCloseable {

  /** What to do to a matching request; {@code status} 0 resets the connection. */
  public record Fault(String method, Pattern path, int status, int times) {
    public static Fault reset(String method, String pathRegex, int times) {
      return new Fault(method, Pattern.compile(pathRegex), 0, times);
    }

    public static Fault status(String method, String pathRegex, int status, int times) {
      return new Fault(method, Pattern.compile(pathRegex), status, times);
    }
  }

  private static final Set<String> HOP_BY_HOP =
      Set.of(
          "host",
          "connection",
          "content-length",
          "expect",
          "upgrade",
          "transfer-encoding",
          "keep-alive",
          "te",
          "trailer",
          "proxy-connection");

  private final HttpServer server;
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private volatile String target;
  private final List<int[]> remaining = new CopyOnWriteArrayList<>();
  private final List<Fault> faults;
  private final List<String> injected = new CopyOnWriteArrayList<>();
  private final List<String> received = new CopyOnWriteArrayList<>();

  private FaultyProxy(
      String target,
      List<Fault> faults,
      java.util.Map<String, com.sun.net.httpserver.HttpHandler> routes)
      throws IOException {
    this.target = target;
    this.faults = List.copyOf(faults);
    for (Fault fault : faults) {
      remaining.add(new int[] {fault.times()});
    }
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    routes.forEach(server::createContext);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.start();
  }

  /** A proxy to {@code targetHost} ({@code 127.0.0.1:PORT}) that injects {@code faults}. */
  public static FaultyProxy start(String targetHost, List<Fault> faults) {
    try {
      return new FaultyProxy(targetHost, faults, java.util.Map.of());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A front that serves {@code routes} itself (e.g. ACR's {@code /oauth2/} endpoints) and forwards
   * the rest to the registry named later with {@link #target(String)}, so the front's address can
   * go into the registry's configuration first.
   */
  public static FaultyProxy front(
      java.util.Map<String, com.sun.net.httpserver.HttpHandler> routes) {
    try {
      return new FaultyProxy(null, List.of(), routes);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public void target(String targetHost) {
    this.target = targetHost;
  }

  public String host() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** The faults injected so far, as {@code METHOD path -> status|reset}. */
  public List<String> injected() {
    return List.copyOf(injected);
  }

  /**
   * Every request that reached the proxy whole, body and all, as {@code METHOD path?query}: what a
   * registry behind it could have acted on. A request whose body broke off is not in it.
   */
  public List<String> received() {
    return List.copyOf(received);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    received.add(method + " " + exchange.getRequestURI());
    for (int i = 0; i < faults.size(); i++) {
      Fault fault = faults.get(i);
      if (fault.method().equals(method) && fault.path().matcher(path).find()) {
        synchronized (remaining) {
          if (remaining.get(i)[0] > 0) {
            remaining.get(i)[0]--;
            injected.add(
                method + " " + path + " -> " + (fault.status() == 0 ? "reset" : fault.status()));
            if (fault.status() == 0) {
              exchange.close(); // no response at all: the client sees the connection drop
              return;
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            if (fault.status() == 429) {
              exchange.getResponseHeaders().add("Retry-After", "0");
            }
            byte[] error =
                ("{\"errors\":[{\"code\":\"INJECTED\",\"message\":\"injected "
                        + fault.status()
                        + "\"}]}")
                    .getBytes();
            exchange.sendResponseHeaders(fault.status(), error.length);
            exchange.getResponseBody().write(error);
            exchange.close();
            return;
          }
        }
      }
    }
    forward(exchange, method, body);
  }

  private void forward(HttpExchange exchange, String method, byte[] body) throws IOException {
    URI uri = URI.create("http://" + target + exchange.getRequestURI());
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) -> {
              if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
              }
            });
    HttpResponse<byte[]> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      exchange.close();
      return;
    }
    response
        .headers()
        .map()
        .forEach(
            (name, values) -> {
              if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                values.forEach(value -> exchange.getResponseHeaders().add(name, value));
              }
            });
    byte[] responseBody = response.body();
    boolean noBody = method.equals("HEAD") || responseBody.length == 0;
    String length = response.headers().firstValue("Content-Length").orElse(null);
    if (method.equals("HEAD") && length != null) {
      exchange.getResponseHeaders().set("Content-Length", length);
    }
    exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : responseBody.length);
    if (!noBody) {
      exchange.getResponseBody().write(responseBody);
    }
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
