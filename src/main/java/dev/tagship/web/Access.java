package dev.tagship.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who may use the dashboard: holders of a sign-in token ({@link SignInTokens}), either sent as a
 * bearer token (scripts) or exchanged at sign-in for a session cookie (people); sessions live in
 * memory and end with the server.
 */
final class Access {

  static final Duration SESSION_LENGTH = Duration.ofHours(12);

  private final SignInTokens tokens;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();

  Access(SignInTokens tokens, Clock clock) {
    this.tokens = tokens;
    this.clock = clock;
  }

  /** Who {@code presented} belongs to; empty when it is no token of this dashboard. */
  Optional<SignInTokens.Holder> holder(String presented) {
    return tokens.holder(presented);
  }

  /** True when tokens name their holders, so nobody is asked for a name. */
  boolean tokensNamePeople() {
    return tokens.namePeople();
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
}
