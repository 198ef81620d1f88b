package dev.tagship.web;

import org.eclipse.jetty.http.HttpFields;

/**
 * The headers every answer of the dashboard carries, its own pages and Jetty's error answers alike:
 * no framing, no sniffing, no referrer to other sites, no caching, scripts and styles from the
 * dashboard only.
 */
final class SecurityHeaders {

  private SecurityHeaders() {}

  static void apply(HttpFields.Mutable headers) {
    headers.put(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'");
    headers.put("X-Content-Type-Options", "nosniff");
    headers.put("X-Frame-Options", "DENY");
    // not no-referrer: under it browsers send "Origin: null" on the dashboard's own writes, which
    // the Origin check must then refuse; same-origin still tells other sites nothing
    headers.put("Referrer-Policy", "same-origin");
    headers.put("Cache-Control", "no-store");
  }
}
