package dev.tagship.web;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answers Jetty writes itself — a malformed request (400), a URI or headers too long (414, 431)
 * — in the dashboard's JSON error shape and with its security headers, instead of Jetty's HTML page
 * with its name and version.
 */
final class DashboardErrors extends ErrorHandler {

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback)
      throws IOException {
    SecurityHeaders.apply(response.getHeaders());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
    response.write(true, ByteBuffer.wrap(body(code, cause)), callback);
  }

  /** The status's own words, and the reason Jetty gave when it is one of its HTTP refusals. */
  private static byte[] body(int code, Throwable cause) {
    String reason = cause instanceof HttpException http ? http.getReason() : null;
    String status = HttpStatus.getMessage(code);
    String error = reason == null || reason.equals(status) ? status : status + ": " + reason;
    try {
      return Exchange.JSON.writeValueAsBytes(Map.of("error", error));
    } catch (IOException e) {
      return "{\"error\": \"the request could not be read\"}".getBytes(StandardCharsets.UTF_8);
    }
  }
}
