package dev.tagship.web;

import org.eclipse.jetty.http.HttpFields;

/**
 * The headers every answer of the dashboard carries, its own pages and Jetty's error answers alike:
 * no framing, no sniffing, no referrer, no caching, scripts and styles from the dashboard only.
 */
final class SecurityHeaders {

  private SecurityHeaders() {}

  static void apply(HttpFields.Mutable headers) {
    headers.put(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'");
    headers.put("X-Content-Type-Options", "nosniff");
    headers.put("X-Frame-Options", "DENY");
    headers.put("Referrer-Policy", "no-referrer");
    headers.put("Cache-Control", "no-store");
  }
}
