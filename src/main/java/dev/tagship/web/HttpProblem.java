package dev.tagship.web;

import java.time.Duration;
import java.util.Map;

/**
 * A request the dashboard cannot act on, answered with {@code status} and {@code {"error":
 * message}}: the message says what was wrong and how to fix it.
 */
final class HttpProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final transient Map<String, Object> details;
  private final transient Duration delay;

  HttpProblem(int status, String message, Map<String, Object> details) {
    this(status, message, details, Duration.ZERO);
  }

  /** A problem answered only after {@code delay}: a wrong token's, so guessing is slow. */
  HttpProblem(int status, String message, Map<String, Object> details, Duration delay) {
    super(message);
    this.status = status;
    this.details = Map.copyOf(details);
    this.delay = delay;
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

  Duration delay() {
    return delay;
  }
}
