package dev.tagship.image;

import dev.tagship.core.JsonTree;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Signs requests in as the registry's {@code WWW-Authenticate} challenge asks: Basic with the user
 * name and password, or Bearer with a token from the registry's token service for exactly the
 * repository scopes a request needs (Docker's token authentication, which ACR speaks). Identity
 * tokens — ACR refresh tokens from Entra ID sign-in, Docker's {@code identitytoken} — are traded
 * with the OAuth2 refresh-token grant; passwords with a GET in Basic. Tokens are kept per scope
 * until shortly before they expire.
 */
final class RegistryAuthorizer {

  /** ACR's fixed user name for a refresh token used as a password. */
  static final String ACR_TOKEN_USER = "00000000-0000-0000-0000-000000000000";

  /** The user name Docker credential helpers give for an identity token. */
  static final String IDENTITY_TOKEN_USER = "<token>";

  private static final Pattern PARAMETER =
      Pattern.compile("([A-Za-z_]+)\\s*=\\s*(?:\"([^\"]*)\"|([^,\\s]*))");
  private static final long RENEW_BEFORE_EXPIRY_MILLIS = 10_000;

  /** Credentials for the registry, looked up when first needed; null for anonymous access. */
  interface CredentialSource {
    RegistryCredentials credentials();
  }

  /** Sends one request as it is (used for the token service). */
  interface Exchange {
    RegistryHttp.Response send(
        String method,
        URI uri,
        Map<String, String> headers,
        RegistryHttp.Body body,
        String authorization);
  }

  private record Challenge(String scheme, Map<String, String> parameters) {
    boolean isBearer() {
      return scheme.equals("bearer");
    }
  }

  private record Token(String value, long expiresAtMillis) {}

  private final CredentialSource credentialSource;
  private final Exchange exchange;
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();
  private volatile Challenge challenge;
  private volatile boolean credentialsLooked;
  private volatile RegistryCredentials credentials;

  RegistryAuthorizer(CredentialSource credentialSource, Exchange exchange) {
    this.credentialSource = credentialSource;
    this.exchange = exchange;
  }

  /** The Authorization header for a request needing {@code scopes}; null before any challenge. */
  String authorization(List<String> scopes) {
    Challenge current = challenge;
    if (current == null) {
      return null;
    }
    if (!current.isBearer()) {
      RegistryCredentials user = credentials();
      return user == null ? null : basic(user);
    }
    String key = String.join(" ", new TreeSet<>(withChallengeScope(current, scopes)));
    Token token = tokens.get(key);
    if (token == null || System.currentTimeMillis() >= token.expiresAtMillis()) {
      token = fetchToken(current, withChallengeScope(current, scopes));
      tokens.put(key, token);
    }
    return "Bearer " + token.value();
  }

  /**
   * Takes a 401's challenge; true when sending the request again may help: it went without
   * credentials (several threads may meet the first challenge at once), or with a token that may
   * have expired. False when the same user name and password were refused already.
   */
  boolean challenged(String header, List<String> scopes, String sentAuthorization) {
    Challenge parsed = parse(header);
    if (parsed == null || (!parsed.isBearer() && credentials() == null)) {
      return false;
    }
    challenge = parsed;
    if (sentAuthorization == null) {
      return true;
    }
    if (parsed.isBearer()) {
      String key = String.join(" ", new TreeSet<>(withChallengeScope(parsed, scopes)));
      tokens.computeIfPresent(
          key, (k, token) -> sentAuthorization.endsWith(token.value()) ? null : token);
      return true;
    }
    return false;
  }

  private RegistryCredentials credentials() {
    if (!credentialsLooked) {
      synchronized (this) {
        if (!credentialsLooked) {
          credentials = credentialSource.credentials();
          credentialsLooked = true;
        }
      }
    }
    return credentials;
  }

  private Token fetchToken(Challenge current, List<String> scopes) {
    String realm = current.parameters().get("realm");
    if (realm == null || realm.isBlank()) {
      throw new RegistryException(401, "the registry asked for a token but named no token service");
    }
    String service = current.parameters().getOrDefault("service", "");
    RegistryCredentials user = credentials();
    RegistryHttp.Response response;
    if (user != null && isIdentityToken(user)) {
      StringBuilder form =
          new StringBuilder("grant_type=refresh_token&client_id=tagship")
              .append("&service=")
              .append(encode(service))
              .append("&scope=")
              .append(encode(String.join(" ", scopes)))
              .append("&refresh_token=")
              .append(encode(user.password()));
      response =
          exchange.send(
              "POST",
              URI.create(realm),
              Map.of("Content-Type", "application/x-www-form-urlencoded"),
              RegistryHttp.Body.of(form.toString().getBytes(StandardCharsets.UTF_8)),
              null);
    } else {
      StringBuilder query = new StringBuilder(realm).append(realm.contains("?") ? '&' : '?');
      query.append("service=").append(encode(service));
      for (String scope : scopes) {
        query.append("&scope=").append(encode(scope));
      }
      response =
          exchange.send(
              "GET",
              URI.create(query.toString()),
              Map.of(),
              null,
              user == null ? null : basic(user));
    }
    if (response.status() == 401 || response.status() == 403) {
      throw new RegistryException(
          401,
          "the token service "
              + realm
              + " refused "
              + (user == null ? "anonymous access" : "the credentials of " + user.username()));
    }
    if (!response.isSuccess()) {
      throw new RegistryException(
          response.status(), "the token service " + realm + " answered " + response.status());
    }
    return token(response.body(), realm);
  }

  private static Token token(byte[] body, String realm) {
    JsonTree answer;
    try {
      answer = JsonTree.parse(body);
    } catch (IOException e) {
      throw new RegistryException(502, "the token service " + realm + " answered no JSON");
    }
    String value = answer.path("token").asText(answer.path("access_token").asText(""));
    if (value.isEmpty()) {
      throw new RegistryException(502, "the token service " + realm + " answered no token");
    }
    long seconds = Math.max(answer.path("expires_in").asLong(60), 60);
    return new Token(
        value, System.currentTimeMillis() + seconds * 1000 - RENEW_BEFORE_EXPIRY_MILLIS);
  }

  private static boolean isIdentityToken(RegistryCredentials user) {
    return user.username().equals(ACR_TOKEN_USER) || user.username().equals(IDENTITY_TOKEN_USER);
  }

  /**
   * The scopes a request needs plus the one the challenge names, one entry per resource with the
   * union of its actions ({@code repository:shop:pull} and {@code repository:shop:pull,push} make
   * {@code repository:shop:pull,push}).
   */
  private static List<String> withChallengeScope(Challenge current, List<String> scopes) {
    List<String> all = new ArrayList<>(scopes);
    String asked = current.parameters().get("scope");
    if (asked != null) {
      all.addAll(List.of(asked.split(" ")));
    }
    Map<String, Set<String>> actions = new LinkedHashMap<>();
    for (String scope : all) {
      int colon = scope.lastIndexOf(':');
      if (scope.isBlank() || colon < 0) {
        continue;
      }
      actions
          .computeIfAbsent(scope.substring(0, colon), resource -> new TreeSet<>())
          .addAll(List.of(scope.substring(colon + 1).split(",")));
    }
    List<String> merged = new ArrayList<>();
    actions.forEach((resource, allowed) -> merged.add(resource + ":" + String.join(",", allowed)));
    return merged;
  }

  private static Challenge parse(String header) {
    if (header == null) {
      return null;
    }
    String trimmed = header.strip();
    int space = trimmed.indexOf(' ');
    String scheme = (space < 0 ? trimmed : trimmed.substring(0, space)).toLowerCase(Locale.ROOT);
    if (!scheme.equals("bearer") && !scheme.equals("basic")) {
      return null;
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    if (space > 0) {
      Matcher m = PARAMETER.matcher(trimmed.substring(space + 1));
      while (m.find()) {
        parameters.put(
            m.group(1).toLowerCase(Locale.ROOT), m.group(2) != null ? m.group(2) : m.group(3));
      }
    }
    return new Challenge(scheme, parameters);
  }

  private static String basic(RegistryCredentials user) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString(
                (user.username() + ":" + user.password()).getBytes(StandardCharsets.UTF_8));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
