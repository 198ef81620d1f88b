package dev.tagship.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One HTTP request and its response, as the dashboard's handlers see them: path parameters, query,
 * form or JSON body, cookies in; JSON, text or a redirect out. Every response is written once.
 */
final class Exchange {

  static final ObjectMapper JSON =
      new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private final Request request;
  private final Response response;
  private final Callback callback;
  private final Map<String, String> pathParameters;
  private byte[] body;
  private Session session;
  private String who;

  Exchange(
      Request request, Response response, Callback callback, Map<String, String> pathParameters) {
    this.request = request;
    this.response = response;
    this.callback = callback;
    this.pathParameters = Map.copyOf(pathParameters);
  }

  String method() {
    return request.getMethod();
  }

  String path() {
    return Request.getPathInContext(request);
  }

  String remoteAddress() {
    return Request.getRemoteAddr(request);
  }

  String pathParameter(String name) {
    return pathParameters.get(name);
  }

  String header(String name) {
    return request.getHeaders().get(name);
  }

  String query(String name) {
    return form(request.getHttpURI().getQuery()).get(name);
  }

  Optional<String> cookie(String name) {
    return Request.getCookies(request).stream()
        .filter(cookie -> cookie.getName().equals(name))
        .map(HttpCookie::getValue)
        .findFirst();
  }

  /** The signed-in session of a cookie-authenticated request; null for bearer requests. */
  Session session() {
    return session;
  }

  /** Who made the request, as recorded with what it does (a rollback's reason, an input). */
  String who() {
    return who;
  }

  void signedIn(Session session, String who) {
    this.session = session;
    this.who = who;
  }

  boolean isForm() {
    String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    return type != null && type.startsWith("application/x-www-form-urlencoded");
  }

  /** The body {@link RequestBodies} read before the handler ran; empty when there was none. */
  byte[] body() {
    return body == null ? new byte[0] : body;
  }

  void body(byte[] bytes) {
    this.body = bytes;
  }

  /**
   * True when the request says its body is JSON. A body of another type is refused rather than read
   * as JSON, so that a page of another site cannot forge a JSON write with a plain HTML form (which
   * can send only form and text types).
   */
  boolean isJson() {
    String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    if (type == null) {
      return false;
    }
    String mime = type.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
    return mime.equals("application/json");
  }

  /** Runs {@code answer} after {@code delay}, with no thread waiting meanwhile. */
  void later(java.time.Duration delay, Runnable answer) {
    request
        .getComponents()
        .getScheduler()
        .schedule(answer, delay.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  Map<String, String> formFields() {
    return form(new String(body(), StandardCharsets.UTF_8));
  }

  /**
   * The body as a JSON object; an empty body without a type is an empty object.
   *
   * @throws HttpProblem 415 when the request does not say {@code Content-Type: application/json}
   */
  JsonNode jsonBody() throws IOException {
    byte[] bytes = body();
    String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    if ((bytes.length > 0 || type != null) && !isJson()) {
      throw new HttpProblem(
          415,
          "send the body as JSON with Content-Type: application/json"
              + (type == null ? "" : ", not " + abbreviated(type.split(";", 2)[0].strip())),
          Map.of());
    }
    if (bytes.length == 0) {
      return JSON.createObjectNode();
    }
    JsonNode node;
    try {
      node = JSON.readTree(bytes);
    } catch (IOException e) {
      throw HttpProblem.badRequest(
          "the body is not JSON: "
              + (e instanceof com.fasterxml.jackson.core.JsonProcessingException json
                  ? json.getOriginalMessage()
                  : e.getMessage()));
    }
    if (node == null || !node.isObject()) {
      throw HttpProblem.badRequest("the body must be a JSON object");
    }
    return node;
  }

  void json(int status, Object value) throws IOException {
    send(status, "application/json", JSON.writeValueAsBytes(value));
  }

  void text(int status, String contentType, String text) {
    send(status, contentType, text.getBytes(StandardCharsets.UTF_8));
  }

  void bytes(String contentType, byte[] bytes) {
    send(200, contentType, bytes);
  }

  /** Answers {@code {"error": message}} with {@code status}, plus any {@code extra} fields. */
  void error(int status, String message, Map<String, Object> extra) throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", message);
    body.putAll(extra);
    json(status, body);
  }

  void redirect(String location) {
    response.setStatus(303);
    response.getHeaders().put(HttpHeader.LOCATION, location);
    response.write(true, null, callback);
  }

  void header(String name, String value) {
    response.getHeaders().put(name, value);
  }

  void setCookie(HttpCookie cookie) {
    Response.addCookie(response, cookie);
  }

  private void send(int status, String contentType, byte[] bytes) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType + "; charset=utf-8");
    response.write(true, ByteBuffer.wrap(bytes), callback);
  }

  private static String abbreviated(String text) {
    return text.length() > 80 ? text.substring(0, 80) + "..." : text;
  }

  static Map<String, String> form(String encoded) {
    Map<String, String> fields = new LinkedHashMap<>();
    if (encoded == null || encoded.isEmpty()) {
      return fields;
    }
    for (String pair : encoded.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      try {
        fields.putIfAbsent(
            URLDecoder.decode(name, StandardCharsets.UTF_8),
            URLDecoder.decode(value, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw HttpProblem.badRequest("malformed form or query encoding: " + e.getMessage());
      }
    }
    return fields;
  }
}
