package dev.tagship.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who may use the dashboard: holders of the one token, either sent as a bearer token (scripts) or
 * exchanged at sign-in for a session cookie (people). Tokens are compared in constant time, as
 * digests so that not even the length leaks; sessions live in memory and end with the server.
 */
final class Access {

  static final Duration SESSION_LENGTH = Duration.ofHours(12);

  private final byte[] tokenDigest;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();

  Access(String token, Clock clock) {
    this.tokenDigest = digest(token);
    this.clock = clock;
  }

  boolean matches(String presented) {
    return presented != null && MessageDigest.isEqual(tokenDigest, digest(presented));
  }

  Session open(String who) {
    Session session =
        new Session(randomId(), randomId(), who, clock.instant().plus(SESSION_LENGTH));
    sessions.put(session.id(), session);
    return session;
  }

  Optional<Session> session(String id) {
    if (id == null) {
      return Optional.empty();
    }
    Session session = sessions.get(id);
    if (session == null) {
      return Optional.empty();
    }
    if (!session.expires().isAfter(clock.instant())) {
      sessions.remove(id);
      return Optional.empty();
    }
    return Optional.of(session);
  }

  void close(String id) {
    sessions.remove(id);
  }

  /** True when {@code presented} is the session's CSRF token (compared in constant time). */
  static boolean csrfMatches(Session session, String presented) {
    return presented != null
        && MessageDigest.isEqual(
            session.csrfToken().getBytes(StandardCharsets.UTF_8),
            presented.getBytes(StandardCharsets.UTF_8));
  }

  private String randomId() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static byte[] digest(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
