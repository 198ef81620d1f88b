package dev.tagship.sandbox.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tagship.sandbox.kube.ApiResources.Resource;
import java.nio.charset.StandardCharsets;

/**
 * One answer of the stand-in, and the {@code Status} errors a real API server gives. client-go
 * decides what an error is by its {@code reason} ({@code apierrors.IsNotFound}, {@code
 * IsAlreadyExists}, {@code IsConflict}), and Helm by those, so each carries the reason and the
 * message wording of kube-apiserver.
 */
record ApiReply(int code, String contentType, byte[] body) {

  static final String JSON = "application/json";

  ApiReply(int code, String contentType, String body) {
    this(code, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  static ApiReply ok(JsonNode body) {
    return new ApiReply(200, JSON, body.toString());
  }

  static ApiReply created(JsonNode body) {
    return new ApiReply(201, JSON, body.toString());
  }

  static ApiReply unauthorized() {
    return status(401, "Unauthorized", "Unauthorized", null);
  }

  static ApiReply notFound(ApiTarget target) {
    Resource resource = target.resource();
    return status(
        404,
        "NotFound",
        resource.qualifiedName() + " \"" + target.name() + "\" not found",
        details(target.name(), resource.group(), resource.plural()));
  }

  static ApiReply namespaceNotFound(String namespace) {
    return status(
        404,
        "NotFound",
        "namespaces \"" + namespace + "\" not found",
        details(namespace, "", "namespaces"));
  }

  static ApiReply notFoundPath() {
    return status(404, "NotFound", "the server could not find the requested resource", null);
  }

  static ApiReply methodNotAllowed() {
    return status(405, "MethodNotAllowed", "the server does not allow this method", null);
  }

  static ApiReply alreadyExists(Resource resource, String name) {
    return status(
        409,
        "AlreadyExists",
        resource.qualifiedName() + " \"" + name + "\" already exists",
        details(name, resource.group(), resource.plural()));
  }

  static ApiReply conflict(ApiTarget target) {
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

  static ApiReply invalidName(Resource resource, String name) {
    String problem =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-'"
            + " or '.', and must start and end with an alphanumeric character (e.g."
            + " 'example.com', regex used for validation is"
            + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    String cause = "Invalid value: \"" + name + "\": " + problem;
    ObjectNode details = details(name, resource.group(), resource.kind());
    details
        .putArray("causes")
        .addObject()
        .put("reason", "FieldValueInvalid")
        .put("message", cause)
        .put("field", "metadata.name");
    return status(
        422,
        "Invalid",
        resource.kind() + " \"" + name + "\" is invalid: metadata.name: " + cause,
        details);
  }

  static ApiReply invalid(String message) {
    return status(422, "Invalid", message, null);
  }

  static ApiReply badRequest(String message) {
    return status(400, "BadRequest", message, null);
  }

  static ApiReply unsupportedMediaType(String message) {
    return status(415, "UnsupportedMediaType", message, null);
  }

  static ApiReply internalError(String message) {
    return status(500, "InternalError", message, null);
  }

  static ApiReply status(int code, String reason, String message, ObjectNode details) {
    ObjectNode status = JsonNodeFactory.instance.objectNode();
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
    return new ApiReply(code, JSON, status.toString());
  }

  private static ObjectNode details(String name, String group, String kind) {
    ObjectNode details = JsonNodeFactory.instance.objectNode();
    details.put("name", name);
    if (!group.isEmpty()) {
      details.put("group", group);
    }
    details.put("kind", kind);
    return details;
  }
}
