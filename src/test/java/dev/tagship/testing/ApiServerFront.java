package dev.tagship.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tagship.testing.ApiResources.Resource;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocketListener;
import io.fabric8.zjsonpatch.JsonPatch;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The HTTPS front of the Kubernetes API server stand-in. fabric8's {@link KubernetesCrudDispatcher}
 * is the store; this front adds what Helm, kubectl and client-go need from a real server and the
 * CRUD dispatcher does not do: bearer-token authentication, discovery and OpenAPI documents,
 * protobuf request bodies, strategic merge and JSON merge patches, {@code Status} errors with the
 * reasons client-go tests for, typed list kinds, selectors, namespace checks, garbage collection of
 * owned objects, and watches both over websockets (fabric8) and as a streamed HTTP response of JSON
 * lines (client-go).
 */
final class ApiServerFront implements AutoCloseable {

  private static final String JSON = "application/json";
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private final Vertx vertx;
  private final HttpServer server;
  private final KubernetesCrudDispatcher store = new KubernetesCrudDispatcher();
  private final ObjectMapper json = new ObjectMapper();
  private final ApiResources resources = new ApiResources(json);
  private final String token;
  private final ReentrantLock writes = new ReentrantLock();
  private final Set<WatchSession> watches = ConcurrentHashMap.newKeySet();
  private final Queue<String> requestLog = new ConcurrentLinkedQueue<>();
  private final Map<String, String> podLogs = new ConcurrentHashMap<>();
  private final long started = System.nanoTime();
  private final AtomicInteger clusterIps = new AtomicInteger(10);

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
                    .setCertValue(io.vertx.core.buffer.Buffer.buffer(certificate.certificatePem()))
                    .setKeyValue(io.vertx.core.buffer.Buffer.buffer(certificate.privateKeyPem())));
    this.server = vertx.createHttpServer(options).requestHandler(this::handle);
    for (String namespace : List.of("default", "kube-system", "kube-public", "kube-node-lease")) {
      ObjectNode ns = json.createObjectNode();
      ns.put("apiVersion", "v1").put("kind", "Namespace");
      ns.putObject("metadata").put("name", namespace);
      create(target("", "v1", "namespaces", null, null, null), ns, false);
    }
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

  /** The text {@code GET .../pods/<name>/log} answers, as the kubelet would. */
  void setPodLog(String namespace, String pod, String text) {
    podLogs.put(namespace + "/" + pod, text);
  }

  // ---------------------------------------------------------------- request handling

  private record Target(
      Resource resource, String namespace, String name, String subresource, String query) {

    String collectionPath() {
      String prefix =
          resource.group().isEmpty()
              ? "/api/" + resource.version()
              : "/apis/" + resource.group() + "/" + resource.version();
      return prefix
          + (namespace == null ? "" : "/namespaces/" + namespace)
          + "/"
          + resource.plural();
    }

    String objectPath() {
      return collectionPath() + "/" + name;
    }

    String path() {
      return name == null
          ? collectionPath()
          : objectPath() + (subresource == null ? "" : "/" + subresource);
    }
  }

  private record Reply(int code, String contentType, byte[] body) {
    Reply(int code, String contentType, String body) {
      this(code, contentType, body.getBytes(StandardCharsets.UTF_8));
    }
  }

  private void handle(HttpServerRequest request) {
    String expected = "Bearer " + token;
    if (!expected.equals(request.getHeader("Authorization"))) {
      log(request, 401);
      send(request, status(401, "Unauthorized", "Unauthorized", null));
      return;
    }
    String path = request.path();
    if (request.method() == io.vertx.core.http.HttpMethod.GET && isWatch(request)) {
      Target target = parse(path, request.query());
      if (target == null || target.subresource() != null) {
        log(request, 404);
        send(request, notFoundPath());
        return;
      }
      log(request, 200);
      watch(request, target);
      return;
    }
    request
        .body()
        .onSuccess(
            body ->
                vertx
                    .executeBlocking(() -> route(request, path, body.getBytes()), false)
                    .onComplete(
                        result -> {
                          Reply reply =
                              result.succeeded()
                                  ? result.result()
                                  : status(
                                      500,
                                      "InternalError",
                                      "the stand-in failed: " + result.cause(),
                                      null);
                          log(request, reply.code());
                          send(request, reply);
                        }));
  }

  private static boolean isWatch(HttpServerRequest request) {
    String watch = request.getParam("watch");
    return "true".equals(watch) || "1".equals(watch);
  }

  private void log(HttpServerRequest request, int code) {
    String type = request.getHeader("Content-Type");
    requestLog.add(
        String.format("%6d ms ", (System.nanoTime() - started) / 1_000_000)
            + request.method()
            + " "
            + request.uri()
            + (type == null ? "" : " [" + type + "]")
            + " -> "
            + code);
  }

  private static void send(HttpServerRequest request, Reply reply) {
    HttpServerResponse response = request.response();
    response.setStatusCode(reply.code()).putHeader("Content-Type", reply.contentType());
    response.end(io.vertx.core.buffer.Buffer.buffer(reply.body()));
  }

  private Reply route(HttpServerRequest request, String path, byte[] body) {
    io.vertx.core.http.HttpMethod method = request.method();
    if (method == io.vertx.core.http.HttpMethod.GET) {
      Reply discovery = discovery(path, request.getHeader("Accept"));
      if (discovery != null) {
        return discovery;
      }
    }
    Target target = parse(path, request.query());
    if (target == null) {
      return notFoundPath();
    }
    boolean dryRun = request.getParam("dryRun") != null;
    try {
      if (method == io.vertx.core.http.HttpMethod.GET) {
        return get(target, request);
      }
      if (method == io.vertx.core.http.HttpMethod.POST && target.name() == null) {
        return create(target, readBody(request, body), dryRun);
      }
      if (target.name() == null && method != io.vertx.core.http.HttpMethod.DELETE) {
        return methodNotAllowed();
      }
      if (method == io.vertx.core.http.HttpMethod.PUT) {
        return update(target, readBody(request, body), dryRun);
      }
      if (method == io.vertx.core.http.HttpMethod.PATCH) {
        return patch(target, request.getHeader("Content-Type"), body, dryRun);
      }
      if (method == io.vertx.core.http.HttpMethod.DELETE) {
        return target.name() == null
            ? deleteCollection(target, request, dryRun)
            : delete(target, dryRun);
      }
      return methodNotAllowed();
    } catch (UnsupportedMediaType e) {
      return status(415, "UnsupportedMediaType", e.getMessage(), null);
    } catch (IOException e) {
      return status(400, "BadRequest", "the body is not valid JSON: " + e.getMessage(), null);
    }
  }

  private static final class UnsupportedMediaType extends Exception {
    private static final long serialVersionUID = 1L;

    UnsupportedMediaType(String message) {
      super(message);
    }
  }

  private ObjectNode readBody(HttpServerRequest request, byte[] body)
      throws UnsupportedMediaType, IOException {
    String type = request.getHeader("Content-Type");
    if (type != null && type.startsWith(KubeProtobuf.CONTENT_TYPE)) {
      try {
        return KubeProtobuf.decode(body);
      } catch (KubeProtobuf.UnsupportedKindException e) {
        throw new UnsupportedMediaType(e.getMessage());
      }
    }
    if (type != null && !type.startsWith(JSON) && !type.startsWith("*/*")) {
      throw new UnsupportedMediaType("the stand-in reads JSON request bodies, not " + type);
    }
    JsonNode node = json.readTree(body);
    if (!(node instanceof ObjectNode object)) {
      throw new IOException("expected an object, not " + node.getNodeType());
    }
    return object;
  }

  private Reply discovery(String path, String accept) {
    String trimmed =
        path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
    switch (trimmed) {
      case "/version":
        return ok(resources.version());
      case "/api":
        return ok(resources.coreVersions("127.0.0.1:" + port()));
      case "/apis":
        return ok(resources.groups());
      case "/api/v1":
        return ok(resources.resourceList("", "v1"));
      case "/openapi/v2":
        return openApiV2(accept);
      case "/openapi/v3":
        // Helm (kubectl's field validation) asks which group-versions document their
        // fieldValidation parameter before it writes; an empty index means "none is documented",
        // and it validates nothing on the client side.
        return ok(json.createObjectNode().putObject("paths"));
      case "/healthz":
      case "/livez":
      case "/readyz":
        return new Reply(200, "text/plain", "ok");
      default:
        break;
    }
    String[] segments = trimmed.split("/");
    if (segments.length == 4 && segments[1].equals("apis")) {
      if (resources.servesGroupVersion(segments[2], segments[3])) {
        return ok(resources.resourceList(segments[2], segments[3]));
      }
      return notFoundPath();
    }
    if (trimmed.startsWith("/openapi/")) {
      return notFoundPath();
    }
    return null;
  }

  /**
   * An OpenAPI v2 document without definitions. Helm validates manifests against it (client-go asks
   * for the protobuf form only); a kind it does not define is not checked, so an empty document
   * means "validate nothing", which is what this stand-in can honestly promise.
   */
  private Reply openApiV2(String accept) {
    if (accept != null && accept.contains("protobuf")) {
      return new Reply(
          200,
          "application/com.github.proto-openapi.spec.v2.v1.0+protobuf",
          KubeProtobuf.emptyOpenApiV2Document(
              "Kubernetes", resources.version().path("gitVersion").asText()));
    }
    ObjectNode document = json.createObjectNode();
    document.put("swagger", "2.0");
    document
        .putObject("info")
        .put("title", "Kubernetes")
        .put("version", resources.version().path("gitVersion").asText());
    document.putObject("paths");
    document.putObject("definitions");
    return ok(document);
  }

  private Target parse(String path, String query) {
    List<String> segments = new ArrayList<>();
    for (String s : path.split("/")) {
      if (!s.isEmpty()) {
        segments.add(s);
      }
    }
    String group;
    String version;
    int rest;
    if (segments.size() >= 3 && segments.get(0).equals("api")) {
      group = "";
      version = segments.get(1);
      rest = 2;
    } else if (segments.size() >= 4 && segments.get(0).equals("apis")) {
      group = segments.get(1);
      version = segments.get(2);
      rest = 3;
    } else {
      return null;
    }
    List<String> tail = segments.subList(rest, segments.size());
    String namespace = null;
    if (tail.size() >= 3
        && tail.get(0).equals("namespaces")
        && resources.find(group, version, tail.get(2)).filter(Resource::namespaced).isPresent()) {
      namespace = tail.get(1);
      tail = tail.subList(2, tail.size());
    }
    if (tail.isEmpty() || tail.size() > 3) {
      return null;
    }
    Resource resource = resources.find(group, version, tail.get(0)).orElse(null);
    if (resource == null) {
      return null;
    }
    String name = tail.size() > 1 ? tail.get(1) : null;
    String subresource = tail.size() > 2 ? tail.get(2) : null;
    if (subresource != null && !resource.subresources().contains(subresource)) {
      return null;
    }
    if (resource.namespaced() && namespace == null && name != null) {
      return null;
    }
    return new Target(resource, namespace, name, subresource, query);
  }

  private Target target(
      String group, String version, String plural, String namespace, String name, String sub) {
    return new Target(
        resources.find(group, version, plural).orElseThrow(), namespace, name, sub, null);
  }

  // ---------------------------------------------------------------- reads

  private Reply get(Target target, HttpServerRequest request) {
    boolean table = Tables.wanted(request.getHeader("Accept"));
    if (target.name() == null) {
      ObjectNode list =
          list(
              target,
              Selectors.parse(
                  request.getParam("labelSelector"), request.getParam("fieldSelector")));
      if (table) {
        List<JsonNode> items = new ArrayList<>();
        list.path("items").forEach(items::add);
        return table(target, items, list.path("metadata").path("resourceVersion").asText());
      }
      return ok(list);
    }
    if ("log".equals(target.subresource())) {
      if (current(target) == null) {
        return notFound(target);
      }
      return new Reply(
          200, "text/plain", podLogs.getOrDefault(target.namespace() + "/" + target.name(), ""));
    }
    if ("scale".equals(target.subresource())) {
      return notFoundPath();
    }
    ObjectNode object = current(target);
    if (object == null) {
      return notFound(target);
    }
    if (table && target.subresource() == null) {
      return table(
          target, List.of(object), object.path("metadata").path("resourceVersion").asText());
    }
    return ok(object);
  }

  private Reply table(Target target, List<JsonNode> objects, String resourceVersion) {
    return new Reply(
        200,
        Tables.MEDIA_TYPE,
        Tables.of(target.resource().kind(), objects, resourceVersion).toString());
  }

  /** The object at the target's name, or null. */
  private ObjectNode current(Target target) {
    MockResponse response = store.handleGet(target.objectPath());
    if (response.code() != 200) {
      return null;
    }
    return (ObjectNode) readTree(response.getBody().readUtf8());
  }

  private ObjectNode list(Target target, Predicate<JsonNode> filter) {
    MockResponse response = store.handleGet(target.collectionPath());
    JsonNode stored = readTree(response.getBody().readUtf8());
    ObjectNode list = json.createObjectNode();
    list.put("kind", target.resource().kind() + "List");
    list.put("apiVersion", target.resource().apiVersion());
    list.putObject("metadata")
        .put("resourceVersion", stored.path("metadata").path("resourceVersion").asText());
    ArrayNode items = list.putArray("items");
    for (JsonNode item : stored.path("items")) {
      if (filter.test(item)) {
        items.add(item);
      }
    }
    return list;
  }

  // ---------------------------------------------------------------- writes

  private Reply create(Target target, ObjectNode body, boolean dryRun) {
    Resource resource = target.resource();
    String name = body.path("metadata").path("name").asText("");
    if (!name.isEmpty() && !DNS_SUBDOMAIN.matcher(name).matches()) {
      return invalidName(resource, name);
    }
    if (resource.namespaced() && namespaceMissing(target.namespace())) {
      return status(
          404,
          "NotFound",
          "namespaces \"" + target.namespace() + "\" not found",
          details(target.namespace(), "", "namespaces"));
    }
    if (resource.hasStatus()) {
      // The API server ignores the status of an object it creates; only the controllers that own
      // the object write it later, through the status subresource.
      body.remove("status");
    }
    if (resource.kind().equals("Namespace")) {
      body.putObject("status").put("phase", "Active");
    }
    if (resource.kind().equals("Service")) {
      allocateClusterIp(body);
    }
    if (dryRun) {
      return new Reply(201, JSON, body.toString());
    }
    writes.lock();
    try {
      MockResponse response = store.handleCreate(request(HttpMethod.POST, target.path(), body));
      if (response.code() == 409) {
        return status(
            409,
            "AlreadyExists",
            resource.qualifiedName() + " \"" + name + "\" already exists",
            details(name, resource.group(), resource.plural()));
      }
      return fromStore(response);
    } finally {
      writes.unlock();
    }
  }

  private Reply update(Target target, ObjectNode body, boolean dryRun) {
    writes.lock();
    try {
      ObjectNode current = current(target);
      if (current == null) {
        return notFound(target);
      }
      if (target.subresource() == null && target.resource().hasStatus()) {
        // An update of the object itself leaves its status alone, as on a real server.
        if (current.has("status")) {
          body.set("status", current.get("status"));
        } else {
          body.remove("status");
        }
      }
      if (dryRun) {
        return ok(body);
      }
      MockResponse response = store.handleUpdate(request(HttpMethod.PUT, target.path(), body));
      if (response.code() == 409) {
        return conflict(target);
      }
      return fromStore(response);
    } finally {
      writes.unlock();
    }
  }

  private Reply patch(Target target, String contentType, byte[] body, boolean dryRun)
      throws UnsupportedMediaType, IOException {
    String type = contentType == null ? "" : contentType.split(";")[0].trim();
    JsonNode patch = json.readTree(body);
    writes.lock();
    try {
      ObjectNode current = current(target);
      if (current == null) {
        return notFound(target);
      }
      JsonNode patched;
      switch (type) {
        case "application/json-patch+json" -> patched = JsonPatch.apply(patch, current);
        case "application/merge-patch+json" -> patched = Patches.mergePatch(current, patch);
        case "application/strategic-merge-patch+json" ->
            patched = Patches.strategicMergePatch(current, patch);
        default ->
            throw new UnsupportedMediaType(
                "the stand-in applies json, merge and strategic merge patches, not " + type);
      }
      if (!(patched instanceof ObjectNode object)) {
        return status(422, "Invalid", "the patch did not leave an object", null);
      }
      if (dryRun) {
        return ok(object);
      }
      String path =
          target.subresource() == null ? target.objectPath() : target.objectPath() + "/status";
      if (target.subresource() == null && target.resource().hasStatus()) {
        if (current.has("status")) {
          object.set("status", current.get("status"));
        } else {
          object.remove("status");
        }
      }
      MockResponse response = store.handleUpdate(request(HttpMethod.PUT, path, object));
      if (response.code() == 409) {
        return conflict(target);
      }
      return fromStore(response);
    } finally {
      writes.unlock();
    }
  }

  private Reply delete(Target target, boolean dryRun) {
    writes.lock();
    try {
      ObjectNode current = current(target);
      if (current == null) {
        return notFound(target);
      }
      if (!dryRun) {
        deleteWithDependents(target, current);
      }
      return ok(current);
    } finally {
      writes.unlock();
    }
  }

  private Reply deleteCollection(Target target, HttpServerRequest request, boolean dryRun) {
    writes.lock();
    try {
      ObjectNode list =
          list(
              target,
              Selectors.parse(
                  request.getParam("labelSelector"), request.getParam("fieldSelector")));
      if (!dryRun) {
        for (JsonNode item : list.path("items")) {
          Target one =
              new Target(
                  target.resource(),
                  item.path("metadata").path("namespace").asText(null),
                  item.path("metadata").path("name").asText(),
                  null,
                  null);
          deleteWithDependents(one, (ObjectNode) item);
        }
      }
      return ok(list);
    } finally {
      writes.unlock();
    }
  }

  /**
   * Deletes an object, then what it owns, as the garbage collector does in the background: a
   * Deployment's ReplicaSets and their Pods; a Namespace's whole content.
   */
  private void deleteWithDependents(Target target, ObjectNode object) {
    store.handleDelete(target.objectPath());
    String uid = object.path("metadata").path("uid").asText();
    if (target.resource().kind().equals("Namespace")) {
      for (Resource resource : resources.namespaced()) {
        store.handleDelete(new Target(resource, target.name(), null, null, null).collectionPath());
      }
      return;
    }
    if (target.namespace() == null) {
      return;
    }
    for (Resource resource : resources.namespaced()) {
      Target collection = new Target(resource, target.namespace(), null, null, null);
      for (JsonNode item : list(collection, o -> true).path("items")) {
        for (JsonNode owner : item.path("metadata").path("ownerReferences")) {
          if (owner.path("uid").asText().equals(uid)) {
            deleteWithDependents(
                new Target(
                    resource,
                    target.namespace(),
                    item.path("metadata").path("name").asText(),
                    null,
                    null),
                (ObjectNode) item);
            break;
          }
        }
      }
    }
  }

  /** The API server gives a Service its cluster IP, unless it is headless or ExternalName. */
  private void allocateClusterIp(ObjectNode service) {
    ObjectNode spec = service.withObjectProperty("spec");
    if (spec.path("type").asText("ClusterIP").equals("ExternalName")) {
      return;
    }
    if (!spec.has("clusterIP") || spec.path("clusterIP").asText().isEmpty()) {
      int n = clusterIps.incrementAndGet();
      spec.put("clusterIP", "10.0." + (n / 250) + "." + (n % 250 + 1));
    }
    spec.putArray("clusterIPs").add(spec.path("clusterIP").asText());
    if (!spec.has("type")) {
      spec.put("type", "ClusterIP");
    }
  }

  private boolean namespaceMissing(String namespace) {
    return current(target("", "v1", "namespaces", null, namespace, null)) == null;
  }

  private RecordedRequest request(HttpMethod method, String path, JsonNode body) {
    return new RecordedRequest(
        "HTTP/1.1",
        method,
        path,
        Headers.builder().add("Content-Type", JSON).build(),
        new Buffer(body.toString().getBytes(StandardCharsets.UTF_8)));
  }

  private Reply fromStore(MockResponse response) {
    int code = response.code() == 202 ? 200 : response.code();
    String body = response.getBody() == null ? "" : response.getBody().readUtf8();
    return new Reply(code, JSON, body);
  }

  // ---------------------------------------------------------------- watches

  /**
   * One watch: the CRUD dispatcher's own watch listener, whose websocket is a shim that filters and
   * frames the events for either a websocket (fabric8) or a streamed response (client-go).
   */
  private final class WatchSession implements io.fabric8.mockwebserver.http.WebSocket {
    private final Predicate<JsonNode> filter;
    private final long sinceResourceVersion;
    private final String tableOf;
    private final Set<String> known = new HashSet<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private WebSocketListener listener;
    private Consumer<String> sink;
    private Runnable endTransport;

    WatchSession(Predicate<JsonNode> filter, long sinceResourceVersion, String tableOf) {
      this.filter = filter;
      this.sinceResourceVersion = sinceResourceVersion;
      this.tableOf = tableOf;
    }

    @Override
    public RecordedRequest request() {
      return null;
    }

    @Override
    public boolean send(String text) {
      if (closed.get()) {
        return false;
      }
      JsonNode event = readTree(text);
      JsonNode object = event.path("object");
      String type = event.path("type").asText();
      String key =
          object.path("metadata").path("namespace").asText("")
              + "/"
              + object.path("metadata").path("name").asText();
      boolean matches = filter.test(object);
      String outgoing;
      synchronized (known) {
        if (type.equals("DELETED")) {
          outgoing = known.remove(key) || matches ? "DELETED" : null;
        } else if (matches) {
          boolean wasKnown = !known.add(key);
          long version = object.path("metadata").path("resourceVersion").asLong(0);
          if (type.equals("ADDED") && sinceResourceVersion > 0 && version <= sinceResourceVersion) {
            // The initial ADDED events of objects the client listed already: a real server
            // starts the watch after the given resourceVersion and does not send them.
            outgoing = null;
          } else {
            outgoing = wasKnown ? "MODIFIED" : "ADDED";
          }
        } else {
          outgoing = known.remove(key) ? "DELETED" : null;
        }
      }
      if (outgoing != null) {
        ObjectNode line = json.createObjectNode();
        line.put("type", outgoing);
        line.set(
            "object",
            tableOf == null
                ? object
                : Tables.of(
                    tableOf,
                    List.of(object),
                    object.path("metadata").path("resourceVersion").asText()));
        sink.accept(line.toString());
      }
      return true;
    }

    @Override
    public boolean send(byte[] bytes) {
      return send(new String(bytes, StandardCharsets.UTF_8));
    }

    @Override
    public boolean close(int code, String reason) {
      end();
      return true;
    }

    void end() {
      if (closed.compareAndSet(false, true)) {
        watches.remove(this);
        vertx.executeBlocking(
            () -> {
              listener.onClosed(this, 1000, "watch ended");
              return null;
            },
            false);
        endTransport.run();
      }
    }
  }

  private void watch(HttpServerRequest request, Target target) {
    String fieldSelector = request.getParam("fieldSelector");
    if (target.name() != null) {
      String byName = "metadata.name=" + target.name();
      fieldSelector = fieldSelector == null ? byName : fieldSelector + "," + byName;
    }
    Predicate<JsonNode> filter;
    try {
      filter = Selectors.parse(request.getParam("labelSelector"), fieldSelector);
    } catch (IllegalArgumentException e) {
      send(request, status(400, "BadRequest", e.getMessage(), null));
      return;
    }
    long since = parseLong(request.getParam("resourceVersion"));
    String tableOf = Tables.wanted(request.getHeader("Accept")) ? target.resource().kind() : null;
    WatchSession session = new WatchSession(filter, since, tableOf);
    MockResponse response = store.handleWatch(target.collectionPath());
    session.listener = response.getWebSocketListener();
    if ("websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
      request
          .toWebSocket()
          .onSuccess(
              socket -> {
                session.sink = socket::writeTextMessage;
                session.endTransport = () -> closeQuietly(socket);
                socket.closeHandler(v -> session.end());
                open(session, response);
              });
      return;
    }
    HttpServerResponse stream = request.response();
    stream
        .setChunked(true)
        .setStatusCode(200)
        .putHeader("Content-Type", tableOf == null ? JSON : Tables.MEDIA_TYPE);
    session.sink = line -> stream.write(line + "\n");
    session.endTransport =
        () -> {
          if (!stream.ended() && !stream.closed()) {
            stream.end();
          }
        };
    stream.closeHandler(v -> session.end());
    stream.writeHead();
    open(session, response);
    long timeout = parseLong(request.getParam("timeoutSeconds"));
    if (timeout > 0) {
      vertx.setTimer(TimeUnit.SECONDS.toMillis(timeout), id -> session.end());
    }
  }

  private void open(WatchSession session, MockResponse response) {
    watches.add(session);
    vertx.executeBlocking(
        () -> {
          session.listener.onOpen(session, response);
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

  // ---------------------------------------------------------------- replies

  private Reply ok(JsonNode body) {
    return new Reply(200, JSON, body.toString());
  }

  private Reply notFound(Target target) {
    Resource resource = target.resource();
    return status(
        404,
        "NotFound",
        resource.qualifiedName() + " \"" + target.name() + "\" not found",
        details(target.name(), resource.group(), resource.plural()));
  }

  private Reply notFoundPath() {
    return status(404, "NotFound", "the server could not find the requested resource", null);
  }

  private Reply methodNotAllowed() {
    return status(405, "MethodNotAllowed", "the server does not allow this method", null);
  }

  private Reply conflict(Target target) {
    Resource resource = target.resource();
    return status(
        409,
        "Conflict",
        "Operation cannot be fulfilled on "
            + resource.qualifiedName()
            + " \""
            + target.name()
            + "\": the object has been modified; please apply your changes to the latest version"
            + " and try again",
        details(target.name(), resource.group(), resource.plural()));
  }

  private Reply invalidName(Resource resource, String name) {
    String cause =
        "metadata.name: Invalid value: \""
            + name
            + "\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric"
            + " characters, '-' or '.', and must start and end with an alphanumeric character"
            + " (e.g. 'example.com', regex used for validation is"
            + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    ObjectNode details = details(name, resource.group(), resource.kind());
    details
        .putArray("causes")
        .addObject()
        .put("reason", "FieldValueInvalid")
        .put("message", cause.substring(cause.indexOf(": ") + 2))
        .put("field", "metadata.name");
    return status(
        422, "Invalid", resource.kind() + " \"" + name + "\" is invalid: " + cause, details);
  }

  private ObjectNode details(String name, String group, String kind) {
    ObjectNode details = json.createObjectNode();
    details.put("name", name);
    if (!group.isEmpty()) {
      details.put("group", group);
    }
    details.put("kind", kind);
    return details;
  }

  private Reply status(int code, String reason, String message, ObjectNode details) {
    ObjectNode status = json.createObjectNode();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Failure");
    status.put("message", message);
    status.put("reason", reason);
    if (details != null) {
      status.set("details", details);
    }
    status.put("code", code);
    return new Reply(code, JSON, status.toString());
  }

  private JsonNode readTree(String text) {
    try {
      return json.readTree(text);
    } catch (IOException e) {
      throw new IllegalStateException("the store holds invalid JSON: " + text, e);
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
