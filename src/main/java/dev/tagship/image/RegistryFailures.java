package dev.tagship.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Tells transient registry faults (connection reset, 5xx, 429) from permanent ones (401, 403, 404,
 * invalid manifest), retries the first with backoff and turns the second into a message that says
 * which and what to do.
 */
final class RegistryFailures {

  static final int ATTEMPTS = 5;

  private final String registry;
  private final long baseDelayMillis;

  RegistryFailures(String registry, long baseDelayMillis) {
    this.registry = registry;
    this.baseDelayMillis = baseDelayMillis;
  }

  <T> T retry(String action, Supplier<T> call, dev.tagship.core.EventListener events) {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (RuntimeException e) {
        ImageException sourceProblem = sourceProblem(e);
        if (sourceProblem != null) {
          throw sourceProblem; // the image is at fault, not the registry: asking again cannot help
        }
        if (!isTransient(e) || attempt == ATTEMPTS) {
          throw explain(action, e, attempt);
        }
        events.on(
            dev.tagship.core.Event.warn(
                action
                    + ": "
                    + shortReason(e)
                    + "; retrying ("
                    + attempt
                    + "/"
                    + (ATTEMPTS - 1)
                    + ")"));
        pause(attempt);
      }
    }
  }

  /**
   * What is wrong with the image being pushed (a missing or changed blob), found while a request
   * was under way; null when the failure is the registry's or the network's.
   */
  private static ImageException sourceProblem(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ImageException image) {
        return image;
      }
      if (t instanceof ContentMismatchException mismatch) {
        return ImageException.failure(mismatch.getMessage(), mismatch);
      }
    }
    return null;
  }

  static boolean isTransient(Throwable e) {
    if (sourceProblem(e) != null) {
      return false;
    }
    Integer status = status(e);
    if (status != null) {
      return status >= 500 || status == 429 || status == 408;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof javax.net.ssl.SSLException) {
        return false; // an untrusted certificate does not get better by asking again
      }
      if (t instanceof IOException || t instanceof UncheckedIOException) {
        return true;
      }
    }
    return false;
  }

  static Integer status(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof RegistryException answered) {
        return answered.status();
      }
    }
    return null;
  }

  /** 404 for a blob or manifest that is not there yet: a normal answer, not a failure. */
  static boolean isNotFound(RuntimeException e) {
    Integer status = status(e);
    return status != null && status == 404;
  }

  ImageException explain(String action, RuntimeException e, int attempts) {
    Integer status = status(e);
    String where = "registry " + registry;
    if (status != null) {
      return switch (status) {
        case 401 ->
            ImageException.failure(
                where
                    + " refused the credentials (401 Unauthorized) while trying to "
                    + action
                    + ". Give credentials with TAGSHIP_REGISTRY_USERNAME and"
                    + " TAGSHIP_REGISTRY_PASSWORD, --username with --password-stdin, a Docker"
                    + " config.json, or Azure sign-in for ACR",
                e);
        case 403 ->
            ImageException.failure(
                where
                    + " denied access (403 Forbidden) while trying to "
                    + action
                    + ": the identity may read but not write here; on ACR it needs the AcrPush"
                    + " role",
                e);
        case 404 ->
            ImageException.failure(
                where
                    + " has no such image or repository (404 Not Found) while trying to "
                    + action,
                e);
        case 400 ->
            shortReason(e).contains("HTTP request to an HTTPS server")
                ? ImageException.failure(
                    where
                        + " speaks HTTPS, but --plain-http asked for plain HTTP while trying to "
                        + action
                        + ": leave --plain-http out",
                    e)
                : ImageException.failure(
                    where
                        + " rejected the request (400, e.g. MANIFEST_INVALID) while trying to "
                        + action
                        + ": "
                        + shortReason(e),
                    e);
        default ->
            ImageException.failure(
                where
                    + " answered "
                    + status
                    + " while trying to "
                    + action
                    + (attempts > 1 ? " (after " + attempts + " attempts)" : "")
                    + ": "
                    + shortReason(e),
                e);
      };
    }
    String reason = shortReason(e);
    if (isPlainHttpAnswer(e)) {
      return ImageException.failure(
          where
              + " answered in plain HTTP, not TLS, while trying to "
              + action
              + " ("
              + reason
              + "); give --plain-http if the registry really has no TLS",
          e);
    }
    if (isCertificateProblem(e)) {
      return ImageException.failure(
          where
              + " presented a certificate that is not trusted ("
              + reason
              + "); give its CA"
              + " with --ca-file, or --insecure-skip-tls-verify to accept any (not recommended)",
          e);
    }
    return ImageException.failure(
        "could not "
            + action
            + " at "
            + where
            + (attempts > 1 ? " (after " + attempts + " attempts)" : "")
            + ": "
            + reason
            + ". Check the registry's address and that it is up",
        e);
  }

  /**
   * A TLS handshake that got something that is not TLS back: the JDK's words when the server speaks
   * plain HTTP on that port.
   */
  private static boolean isPlainHttpAnswer(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof javax.net.ssl.SSLException
          && t.getMessage() != null
          && (t.getMessage().contains("Unsupported or unrecognized SSL message")
              || t.getMessage().contains("plaintext connection"))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isCertificateProblem(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof javax.net.ssl.SSLException
          || t instanceof java.security.cert.CertificateException
          || t instanceof java.security.GeneralSecurityException) {
        return true;
      }
    }
    String lower = shortReason(e).toLowerCase(Locale.ROOT);
    return lower.contains("certificat") || lower.contains("pkix");
  }

  static String shortReason(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    if (root != e && e.getMessage() != null && !e.getMessage().equals(message)) {
      message = e.getMessage() + " (" + message + ")";
    }
    return message.length() > 300 ? message.substring(0, 300) + "…" : message;
  }

  private void pause(int attempt) {
    long delay = baseDelayMillis * (1L << (attempt - 1));
    long jitter = ThreadLocalRandom.current().nextLong(Math.max(1, delay / 2));
    try {
      Thread.sleep(delay + jitter);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ImageException.failure("interrupted while waiting to retry", e);
    }
  }
}
