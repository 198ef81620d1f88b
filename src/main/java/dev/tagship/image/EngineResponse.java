package dev.tagship.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A Docker daemon's HTTP/1.1 answer: status, headers (names in lower case) and the body as a
 * stream, framed by Content-Length, chunked coding, or the end of the connection. Closing it closes
 * the connection.
 */
record EngineResponse(int status, Map<String, String> headers, InputStream body)
    implements Closeable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_HEADERS = 100;
  private static final int MAX_TEXT = 1 << 20;

  /**
   * Reads the status line and headers from {@code in}, which must be buffered; closing the body
   * closes {@code connection}.
   */
  static EngineResponse read(InputStream in, Closeable connection) throws IOException {
    String statusLine = HttpBodies.readLine(in);
    if (statusLine == null) {
      throw new IOException("the connection closed without an answer");
    }
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP answer: " + abbreviate(statusLine));
    }
    int status;
    try {
      status = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new IOException("not an HTTP status: " + abbreviate(statusLine));
    }
    Map<String, String> headers = new LinkedHashMap<>();
    String line;
    while ((line = HttpBodies.readLine(in)) != null && !line.isEmpty()) {
      int colon = line.indexOf(':');
      if (colon <= 0 || headers.size() >= MAX_HEADERS) {
        throw new IOException("not an HTTP header: " + abbreviate(line));
      }
      headers.merge(
          line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          line.substring(colon + 1).trim(),
          (first, second) -> first + ", " + second);
    }
    if (line == null) {
      throw new IOException("the connection closed in the middle of the headers");
    }
    InputStream framed = body(in, status, headers);
    InputStream body =
        new FilterInputStream(framed) {
          @Override
          public void close() throws IOException {
            connection.close();
          }
        };
    return new EngineResponse(status, headers, body);
  }

  private static InputStream body(InputStream in, int status, Map<String, String> headers)
      throws IOException {
    if (status == 204 || status == 304 || status / 100 == 1) {
      return HttpBodies.sized(in, 0);
    }
    String coding = headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT);
    if (coding.endsWith("chunked")) {
      return HttpBodies.chunked(in);
    }
    String length = headers.get("content-length");
    if (length != null) {
      try {
        return HttpBodies.sized(in, Long.parseLong(length.trim()));
      } catch (NumberFormatException e) {
        throw new IOException("not a Content-Length: " + abbreviate(length));
      }
    }
    return in; // the body ends with the connection
  }

  /** The body as text, for short answers (ping, inspect, errors). */
  String text() throws IOException {
    byte[] bytes = body.readNBytes(MAX_TEXT);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** The body as JSON. */
  JsonNode json() throws IOException {
    return JSON.readTree(text());
  }

  /**
   * What the daemon says went wrong: the {@code message} of its error body ({@code {"message":
   * "..."}}), else the body as it is, else the status.
   */
  String errorMessage() {
    String text;
    try {
      text = text().strip();
    } catch (IOException e) {
      return "HTTP " + status;
    }
    try {
      JsonNode message = JSON.readTree(text).path("message");
      if (message.isTextual() && !message.asText().isBlank()) {
        return message.asText();
      }
    } catch (IOException notJson) {
      // a proxy or another server in front of the daemon: its text says more than nothing
    }
    return text.isEmpty() ? "HTTP " + status : abbreviate(text);
  }

  @Override
  public void close() throws IOException {
    body.close();
  }

  private static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }
}
