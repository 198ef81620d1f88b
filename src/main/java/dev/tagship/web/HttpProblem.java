package dev.tagship.web;

import java.util.Map;

/**
 * A request the dashboard cannot act on, answered with {@code status} and {@code {"error":
 * message}}: the message says what was wrong and how to fix it.
 */
final class HttpProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final transient Map<String, Object> details;

  HttpProblem(int status, String message, Map<String, Object> details) {
    super(message);
    this.status = status;
    this.details = Map.copyOf(details);
  }

  static HttpProblem badRequest(String message) {
    return new HttpProblem(400, message, Map.of());
  }

  static HttpProblem notFound(String message) {
    return new HttpProblem(404, message, Map.of());
  }

  int status() {
    return status;
  }

  Map<String, Object> details() {
    return details;
  }
}
