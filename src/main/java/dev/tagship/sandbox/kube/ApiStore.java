package dev.tagship.sandbox.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tagship.sandbox.kube.ApiResources.Resource;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The API's semantics over fabric8's {@link KubernetesCrudDispatcher}, which stores the objects,
 * numbers resource versions and generations, checks optimistic concurrency and produces watch
 * events. What it lacks for Helm and client-go is added here: typed lists, Status errors, strategic
 * merge and merge patches, status left alone by writes to the object itself, names validated and
 * namespaces required, cluster IPs, and the garbage collector's cascading delete. Writes are
 * serialised, so a patch reads and writes the object it patches without a race.
 */
final class ApiStore {

  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  /** The kinds whose objects have owners in practice, which the garbage collector looks at. */
  private static final Set<String> DEPENDENT_KINDS =
      Set.of("ReplicaSet", "Pod", "ControllerRevision", "Job");

  /** Thrown for a request body or patch type the stand-in does not read; answered with 415. */
  static final class UnsupportedMediaType extends Exception {
    private static final long serialVersionUID = 1L;

    UnsupportedMediaType(String message) {
      super(message);
    }
  }

  private final KubernetesCrudDispatcher store = new KubernetesCrudDispatcher();
  private final ApiResources resources;
  private final ObjectMapper json;
  private final ReentrantLock writes = new ReentrantLock();
  private final AtomicInteger clusterIps = new AtomicInteger(10);
  private final Map<String, String> podLogs = new ConcurrentHashMap<>();

  ApiStore(ApiResources resources, ObjectMapper json) {
    this.resources = resources;
    this.json = json;
    for (String namespace : List.of("default", "kube-system", "kube-public", "kube-node-lease")) {
      ObjectNode object = json.createObjectNode();
      object.put("apiVersion", "v1").put("kind", "Namespace");
      object.putObject("metadata").put("name", namespace);
      create(namespaces(), object, false);
    }
  }

  /** The text {@code GET .../pods/<name>/log} answers, as the kubelet would. */
  void setPodLog(String namespace, String pod, String text) {
    podLogs.put(namespace + "/" + pod, text);
  }

  /** A JSON or protobuf request body as a JSON object. */
  ObjectNode decode(String contentType, byte[] body) throws UnsupportedMediaType, IOException {
    if (contentType != null && contentType.startsWith(KubeProtobuf.CONTENT_TYPE)) {
      try {
        return KubeProtobuf.decode(body);
      } catch (KubeProtobuf.UnsupportedKindException e) {
        throw new UnsupportedMediaType(e.getMessage());
      }
    }
    if (contentType != null
        && !contentType.startsWith(ApiReply.JSON)
        && !contentType.startsWith("*/*")) {
      throw new UnsupportedMediaType("the stand-in reads JSON request bodies, not " + contentType);
    }
    JsonNode node = json.readTree(body);
    if (!(node instanceof ObjectNode object)) {
      throw new IOException("expected an object, not " + node.getNodeType());
    }
    return object;
  }

  // ---------------------------------------------------------------- reads

  ApiReply get(ApiTarget target, Predicate<JsonNode> filter, boolean asTable) {
    if (target.name() == null) {
      ObjectNode list = list(target, filter);
      if (asTable) {
        List<JsonNode> items = new ArrayList<>();
        list.path("items").forEach(items::add);
        return table(target, items, list.path("metadata").path("resourceVersion").asText());
      }
      return ApiReply.ok(list);
    }
    ObjectNode object = current(target);
    if (object == null) {
      return ApiReply.notFound(target);
    }
    if ("log".equals(target.subresource())) {
      return new ApiReply(
          200, "text/plain", podLogs.getOrDefault(target.namespace() + "/" + target.name(), ""));
    }
    if ("scale".equals(target.subresource()) || "finalize".equals(target.subresource())) {
      return ApiReply.notFoundPath();
    }
    if (asTable && target.subresource() == null) {
      return table(
          target, List.of(object), object.path("metadata").path("resourceVersion").asText());
    }
    return ApiReply.ok(object);
  }

  private ApiReply table(ApiTarget target, List<JsonNode> objects, String resourceVersion) {
    return new ApiReply(
        200,
        Tables.MEDIA_TYPE,
        Tables.of(target.resource().kind(), objects, resourceVersion).toString());
  }

  /** The object the target names, or null. */
  private ObjectNode current(ApiTarget target) {
    MockResponse response = store.handleGet(target.objectPath());
    if (response.code() != 200) {
      return null;
    }
    return (ObjectNode) readTree(response.getBody().readUtf8());
  }

  /** A typed list ({@code DeploymentList}); the dispatcher answers a {@code v1 List}. */
  private ObjectNode list(ApiTarget target, Predicate<JsonNode> filter) {
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

  ApiReply create(ApiTarget target, ObjectNode body, boolean dryRun) {
    Resource resource = target.resource();
    String name = body.path("metadata").path("name").asText("");
    if (!name.isEmpty() && !DNS_SUBDOMAIN.matcher(name).matches()) {
      return ApiReply.invalidName(resource, name);
    }
    if (resource.namespaced() && current(namespaces().named(target.namespace())) == null) {
      return ApiReply.namespaceNotFound(target.namespace());
    }
    if (resource.hasStatus()) {
      // The API server ignores the status of an object it creates; the controllers that own the
      // object write it later, through the status subresource.
      body.remove("status");
    }
    if (resource.kind().equals("Namespace")) {
      body.putObject("status").put("phase", "Active");
    }
    if (resource.kind().equals("Service")) {
      allocateClusterIp(body);
    }
    boolean definition = resource.kind().equals("CustomResourceDefinition");
    if (definition) {
      establish(body);
    }
    if (dryRun) {
      return ApiReply.created(body);
    }
    writes.lock();
    try {
      MockResponse response = store.handleCreate(request(HttpMethod.POST, target.path(), body));
      if (response.code() == 409) {
        return ApiReply.alreadyExists(resource, name);
      }
      if (definition && response.code() == 201) {
        resources.define(body);
      }
      return fromStore(response);
    } finally {
      writes.unlock();
    }
  }

  ApiReply update(ApiTarget target, ObjectNode body, boolean dryRun) {
    writes.lock();
    try {
      ObjectNode current = current(target);
      if (current == null) {
        return ApiReply.notFound(target);
      }
      ApiReply immutable = ImmutableFields.check(target.resource(), current, body);
      if (immutable != null && target.subresource() == null) {
        return immutable;
      }
      keepStatus(target, current, body);
      if (dryRun) {
        return ApiReply.ok(body);
      }
      return write(target, target.path(), body);
    } finally {
      writes.unlock();
    }
  }

  ApiReply patch(ApiTarget target, String contentType, byte[] body, boolean dryRun)
      throws UnsupportedMediaType, IOException {
    String type = contentType == null ? "" : contentType.split(";")[0].trim();
    JsonNode patch = json.readTree(body);
    writes.lock();
    try {
      ObjectNode current = current(target);
      if (current == null) {
        return ApiReply.notFound(target);
      }
      JsonNode patched =
          switch (type) {
            case "application/json-patch+json" -> JsonPatch.apply(patch, current);
            case "application/merge-patch+json" -> Patches.mergePatch(current, patch);
            case "application/strategic-merge-patch+json" ->
                Patches.strategicMergePatch(current, patch);
            default ->
                throw new UnsupportedMediaType(
                    "the stand-in applies json, merge and strategic merge patches, not " + type);
          };
      if (!(patched instanceof ObjectNode object)) {
        return ApiReply.invalid("the patch did not leave an object");
      }
      ApiReply immutable = ImmutableFields.check(target.resource(), current, object);
      if (immutable != null && target.subresource() == null) {
        return immutable;
      }
      keepStatus(target, current, object);
      if (dryRun) {
        return ApiReply.ok(object);
      }
      // A patch the client sent without a resource version applies to whatever is current; one
      // with a resource version is checked by the dispatcher like an update.
      return write(target, target.path(), object);
    } finally {
      writes.unlock();
    }
  }

  /** A write to an object itself leaves its status alone, as on a real server. */
  private static void keepStatus(ApiTarget target, ObjectNode current, ObjectNode written) {
    if (target.subresource() == null && target.resource().hasStatus()) {
      if (current.has("status")) {
        written.set("status", current.get("status"));
      } else {
        written.remove("status");
      }
    }
  }

  private ApiReply write(ApiTarget target, String path, ObjectNode object) {
    MockResponse response = store.handleUpdate(request(HttpMethod.PUT, path, object));
    if (response.code() == 409) {
      return ApiReply.conflict(target);
    }
    return fromStore(response);
  }

  ApiReply delete(ApiTarget target, boolean dryRun) {
    writes.lock();
    try {
      ObjectNode current = current(target);
      if (current == null) {
        return ApiReply.notFound(target);
      }
      if (!dryRun) {
        deleteWithDependents(target, current);
      }
      return ApiReply.ok(current);
    } finally {
      writes.unlock();
    }
  }

  ApiReply deleteCollection(ApiTarget target, Predicate<JsonNode> filter, boolean dryRun) {
    writes.lock();
    try {
      ObjectNode list = list(target, filter);
      if (!dryRun) {
        for (JsonNode item : list.path("items")) {
          ApiTarget one =
              new ApiTarget(
                  target.resource(),
                  item.path("metadata").path("namespace").asText(null),
                  item.path("metadata").path("name").asText(),
                  null);
          deleteWithDependents(one, (ObjectNode) item);
        }
      }
      return ApiReply.ok(list);
    } finally {
      writes.unlock();
    }
  }

  /**
   * Deletes an object, then what it owns, as the garbage collector does in the background for the
   * default propagation: a Deployment's ReplicaSets and their Pods; a Namespace's content.
   */
  private void deleteWithDependents(ApiTarget target, ObjectNode object) {
    store.handleDelete(target.objectPath());
    if (target.resource().kind().equals("CustomResourceDefinition")) {
      resources.undefine(object);
      return;
    }
    if (target.resource().kind().equals("Namespace")) {
      for (Resource resource : resources.namespaced()) {
        store.handleDelete(ApiTarget.collection(resource, target.name()).collectionPath());
      }
      return;
    }
    if (target.namespace() == null) {
      return;
    }
    String uid = object.path("metadata").path("uid").asText();
    for (Resource resource : resources.namespaced()) {
      if (!DEPENDENT_KINDS.contains(resource.kind())) {
        continue;
      }
      ApiTarget collection = ApiTarget.collection(resource, target.namespace());
      for (JsonNode item : list(collection, o -> true).path("items")) {
        for (JsonNode owner : item.path("metadata").path("ownerReferences")) {
          if (owner.path("uid").asText().equals(uid)) {
            deleteWithDependents(
                collection.named(item.path("metadata").path("name").asText()), (ObjectNode) item);
            break;
          }
        }
      }
    }
  }

  /** The API server gives a Service its cluster IP, unless it is headless or ExternalName. */
  /**
   * The status the apiextensions controllers give a definition whose names are free: its names
   * accepted, and Established, which Helm waits for before it installs the chart's templates.
   */
  private void establish(ObjectNode definition) {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    ObjectNode status = definition.putObject("status");
    status.set("acceptedNames", definition.path("spec").path("names").deepCopy());
    ArrayNode conditions = status.putArray("conditions");
    conditions
        .addObject()
        .put("type", "NamesAccepted")
        .put("status", "True")
        .put("reason", "NoConflicts")
        .put("message", "no conflicts found")
        .put("lastTransitionTime", now);
    conditions
        .addObject()
        .put("type", "Established")
        .put("status", "True")
        .put("reason", "InitialNamesAccepted")
        .put("message", "the initial names have been accepted")
        .put("lastTransitionTime", now);
    ArrayNode stored = status.putArray("storedVersions");
    for (JsonNode version : definition.path("spec").path("versions")) {
      if (version.path("storage").asBoolean()) {
        stored.add(version.path("name").asText());
      }
    }
  }

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

  private ApiTarget namespaces() {
    return ApiTarget.collection(resources.find("", "v1", "namespaces").orElseThrow(), null);
  }

  // ---------------------------------------------------------------- watches

  /** A watch of the target's collection; it sends nothing until opened. */
  /**
   * @param initialEvents the client asked for the initial events as a stream ({@code
   *     sendInitialEvents=true}), to be ended by a BOOKMARK
   */
  WatchSession watch(
      ApiTarget target,
      Predicate<JsonNode> filter,
      long sinceResourceVersion,
      boolean asTable,
      boolean initialEvents) {
    String initialEventsEnd = null;
    if (initialEvents) {
      ObjectNode bookmark = json.createObjectNode();
      bookmark.put("type", "BOOKMARK");
      ObjectNode object = bookmark.putObject("object");
      object.put("kind", target.resource().kind());
      object.put("apiVersion", target.resource().apiVersion());
      ObjectNode metadata = object.putObject("metadata");
      metadata.put(
          "resourceVersion",
          list(target, o -> false).path("metadata").path("resourceVersion").asText());
      metadata.putObject("annotations").put("k8s.io/initial-events-end", "true");
      initialEventsEnd = bookmark.toString();
    }
    return new WatchSession(
        store.handleWatch(target.collectionPath()),
        filter,
        sinceResourceVersion,
        asTable ? target.resource().kind() : null,
        json,
        initialEventsEnd,
        writes);
  }

  // ---------------------------------------------------------------- the dispatcher's side

  private RecordedRequest request(HttpMethod method, String path, JsonNode body) {
    return new RecordedRequest(
        "HTTP/1.1",
        method,
        path,
        Headers.builder().add("Content-Type", ApiReply.JSON).build(),
        new Buffer(body.toString().getBytes(StandardCharsets.UTF_8)));
  }

  /** The dispatcher answers 202 to an update; the API server answers 200. */
  private static ApiReply fromStore(MockResponse response) {
    int code = response.code() == 202 ? 200 : response.code();
    String body = response.getBody() == null ? "" : response.getBody().readUtf8();
    return new ApiReply(code, ApiReply.JSON, body);
  }

  private JsonNode readTree(String text) {
    try {
      return json.readTree(text);
    } catch (IOException e) {
      throw new IllegalStateException("the store holds invalid JSON: " + text, e);
    }
  }
}
