package dev.tagship.sandbox.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * The HTTPS side of the Kubernetes API server stand-in, on Vert.x (which fabric8's client brings
 * anyway): bearer-token authentication, discovery and OpenAPI documents, and watches served both as
 * websockets, which fabric8 tries first, and as a streamed response of JSON lines, which is all
 * client-go (Helm, kubectl) speaks. Everything else goes to the {@link ApiStore}.
 */
final class ApiServerFront implements AutoCloseable {

  private final Vertx vertx;
  private final HttpServer server;
  private final ObjectMapper json = new ObjectMapper();
  private final ApiResources resources = new ApiResources(json);
  private final ApiStore store = new ApiStore(resources, json);
  private final String token;
  private final Set<WatchSession> watches = ConcurrentHashMap.newKeySet();
  private final Queue<String> requestLog = new ConcurrentLinkedQueue<>();
  private final long started = System.nanoTime();

  private ApiServerFront(SelfSignedCertificate certificate, String token) {
    this.token = token;
    this.vertx = Vertx.vertx();
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost("127.0.0.1")
            .setPort(0)
            .setSsl(true)
            .setKeyCertOptions(
                new PemKeyCertOptions()
                    .setCertValue(Buffer.buffer(certificate.certificatePem()))
                    .setKeyValue(Buffer.buffer(certificate.privateKeyPem())));
    this.server = vertx.createHttpServer(options).requestHandler(this::handle);
  }

  static ApiServerFront start(SelfSignedCertificate certificate, String token) {
    ApiServerFront front = new ApiServerFront(certificate, token);
    try {
      front.server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the API server stand-in did not start", e);
    }
    return front;
  }

  int port() {
    return server.actualPort();
  }

  List<String> requestLog() {
    return List.copyOf(requestLog);
  }

  /** The first request logged whose line matches, waiting for it if need be. */
  String awaitRequest(Predicate<String> match, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (requestLog) {
      while (true) {
        for (String line : requestLog) {
          if (match.test(line)) {
            return line;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new IllegalStateException(
              "no such request within " + timeout + "; requests: " + requestLog);
        }
        TimeUnit.NANOSECONDS.timedWait(requestLog, left);
      }
    }
  }

  void setPodLog(String namespace, String pod, String text) {
    store.setPodLog(namespace, pod, text);
  }

  private void handle(HttpServerRequest request) {
    if (!("Bearer " + token).equals(request.getHeader("Authorization"))) {
      reply(request, ApiReply.unauthorized());
      return;
    }
    if (request.method() == HttpMethod.GET && isWatch(request)) {
      watch(request);
      return;
    }
    // The store takes locks and parses JSON: not for the event loop.
    request
        .body()
        .onSuccess(
            body ->
                vertx
                    .executeBlocking(() -> route(request, body.getBytes()), false)
                    .onComplete(
                        result ->
                            reply(
                                request,
                                result.succeeded()
                                    ? result.result()
                                    : ApiReply.internalError(
                                        "the stand-in failed: " + result.cause()))));
  }

  private ApiReply route(HttpServerRequest request, byte[] body) {
    HttpMethod method = request.method();
    if (method == HttpMethod.GET) {
      ApiReply discovery = discovery(request.path(), request.getHeader("Accept"));
      if (discovery != null) {
        return discovery;
      }
    }
    ApiTarget target = ApiTarget.parse(resources, request.path());
    if (target == null) {
      return ApiReply.notFoundPath();
    }
    boolean dryRun = request.getParam("dryRun") != null;
    String contentType = request.getHeader("Content-Type");
    try {
      if (method == HttpMethod.GET) {
        return store.get(target, selectors(request), Tables.wanted(request.getHeader("Accept")));
      }
      if (method == HttpMethod.POST && target.name() == null) {
        return store.create(target, store.decode(contentType, body), dryRun);
      }
      if (method == HttpMethod.DELETE) {
        return target.name() == null
            ? store.deleteCollection(target, selectors(request), dryRun)
            : store.delete(target, dryRun);
      }
      if (target.name() == null) {
        return ApiReply.methodNotAllowed();
      }
      if (method == HttpMethod.PUT) {
        return store.update(target, store.decode(contentType, body), dryRun);
      }
      if (method == HttpMethod.PATCH) {
        return store.patch(target, contentType, body, dryRun);
      }
      return ApiReply.methodNotAllowed();
    } catch (ApiStore.UnsupportedMediaType e) {
      return ApiReply.unsupportedMediaType(e.getMessage());
    } catch (IOException e) {
      return ApiReply.badRequest("the body is not valid JSON: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      return ApiReply.badRequest(e.getMessage());
    }
  }

  private static Predicate<JsonNode> selectors(HttpServerRequest request) {
    return Selectors.parse(request.getParam("labelSelector"), request.getParam("fieldSelector"));
  }

  private static boolean isWatch(HttpServerRequest request) {
    String watch = request.getParam("watch");
    return "true".equals(watch) || "1".equals(watch);
  }

  private void reply(HttpServerRequest request, ApiReply reply) {
    log(request, reply.code());
    request
        .response()
        .setStatusCode(reply.code())
        .putHeader("Content-Type", reply.contentType())
        .end(Buffer.buffer(reply.body()));
  }

  private void log(HttpServerRequest request, int code) {
    String type = request.getHeader("Content-Type");
    String agent = request.getHeader("User-Agent");
    String line =
        String.format("%6d ms ", (System.nanoTime() - started) / 1_000_000)
            + request.method()
            + " "
            + request.uri()
            + (type == null ? "" : " [" + type + "]")
            + (agent == null ? "" : " (" + agent.split("[/ ]")[0] + ")")
            + " -> "
            + code;
    synchronized (requestLog) {
      requestLog.add(line);
      requestLog.notifyAll();
    }
  }

  // ---------------------------------------------------------------- discovery

  private ApiReply discovery(String path, String accept) {
    String trimmed =
        path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
    switch (trimmed) {
      case "/version":
        return ApiReply.ok(resources.version());
      case "/api":
        return ApiReply.ok(resources.coreVersions("127.0.0.1:" + port()));
      case "/apis":
        // Plain JSON, not the aggregated apidiscovery.k8s.io/v2 document client-go asks for
        // first: it then reads each group-version's resource list, as with older servers.
        return ApiReply.ok(resources.groups());
      case "/api/v1":
        return ApiReply.ok(resources.resourceList("", "v1"));
      case "/openapi/v2":
        return openApiV2(accept);
      case "/openapi/v3":
        // Helm (kubectl's field validation) asks which group-versions document their
        // fieldValidation parameter before it writes; an empty index means "none", and it
        // does not ask the server to validate fields.
        return ApiReply.ok(json.createObjectNode().putObject("paths"));
      case "/healthz":
      case "/livez":
      case "/readyz":
        return new ApiReply(200, "text/plain", "ok");
      default:
        break;
    }
    String[] segments = trimmed.split("/");
    if (segments.length == 4 && segments[1].equals("apis")) {
      return resources.servesGroupVersion(segments[2], segments[3])
          ? ApiReply.ok(resources.resourceList(segments[2], segments[3]))
          : ApiReply.notFoundPath();
    }
    if (trimmed.startsWith("/openapi/")) {
      return ApiReply.notFoundPath();
    }
    return null;
  }

  /**
   * An OpenAPI v2 document without definitions. Helm validates manifests against it (client-go asks
   * for the protobuf form only) and skips kinds it does not define, so an empty document means
   * "validate nothing", which is what this stand-in can honestly promise.
   */
  private ApiReply openApiV2(String accept) {
    String version = resources.version().path("gitVersion").asText();
    if (accept != null && accept.contains("protobuf")) {
      return new ApiReply(
          200,
          "application/com.github.proto-openapi.spec.v2.v1.0+protobuf",
          KubeProtobuf.emptyOpenApiV2Document("Kubernetes", version));
    }
    ObjectNode document = json.createObjectNode();
    document.put("swagger", "2.0");
    document.putObject("info").put("title", "Kubernetes").put("version", version);
    document.putObject("paths");
    document.putObject("definitions");
    return ApiReply.ok(document);
  }

  // ---------------------------------------------------------------- watches

  private void watch(HttpServerRequest request) {
    ApiTarget target = ApiTarget.parse(resources, request.path());
    if (target == null || target.subresource() != null) {
      reply(request, ApiReply.notFoundPath());
      return;
    }
    String fieldSelector = request.getParam("fieldSelector");
    if (target.name() != null) {
      // The old form, a watch on one object's URL, is a watch of its collection by name.
      String byName = "metadata.name=" + target.name();
      fieldSelector = fieldSelector == null ? byName : fieldSelector + "," + byName;
    }
    WatchSession session;
    try {
      session =
          store.watch(
              ApiTarget.collection(target.resource(), target.namespace()),
              Selectors.parse(request.getParam("labelSelector"), fieldSelector),
              parseLong(request.getParam("resourceVersion")),
              Tables.wanted(request.getHeader("Accept")),
              "true".equals(request.getParam("sendInitialEvents")));
    } catch (IllegalArgumentException e) {
      reply(request, ApiReply.badRequest(e.getMessage()));
      return;
    }
    log(request, 200);
    watches.add(session);
    Runnable forget = () -> watches.remove(session);
    if ("websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
      request
          .toWebSocket()
          .onSuccess(
              socket -> {
                socket.closeHandler(v -> end(session));
                blocking(
                    () ->
                        session.open(socket::writeTextMessage, () -> closeQuietly(socket), forget));
              });
      return;
    }
    HttpServerResponse stream = request.response();
    stream
        .setChunked(true)
        .setStatusCode(200)
        .putHeader(
            "Content-Type",
            Tables.wanted(request.getHeader("Accept")) ? Tables.MEDIA_TYPE : ApiReply.JSON);
    stream.closeHandler(v -> end(session));
    // client-go's Watch() returns when the headers arrive; they must not wait for an event.
    stream.writeHead();
    blocking(
        () ->
            session.open(
                line -> stream.write(line + "\n"),
                () -> {
                  if (!stream.ended() && !stream.closed()) {
                    stream.end();
                  }
                },
                forget));
    long timeout = parseLong(request.getParam("timeoutSeconds"));
    if (timeout > 0) {
      vertx.setTimer(TimeUnit.SECONDS.toMillis(timeout), id -> end(session));
    }
  }

  /** Ending a watch waits for the dispatcher's listener to stop: not on the event loop. */
  private void end(WatchSession session) {
    blocking(session::end);
  }

  private void blocking(Runnable task) {
    vertx.executeBlocking(
        () -> {
          task.run();
          return null;
        },
        false);
  }

  private static void closeQuietly(ServerWebSocket socket) {
    if (!socket.isClosed()) {
      socket.close();
    }
  }

  private static long parseLong(String value) {
    try {
      return value == null || value.isEmpty() ? 0 : Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  @Override
  public void close() {
    new ArrayList<>(watches).forEach(WatchSession::end);
    try {
      server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the API server stand-in did not stop", e);
    }
  }
}
