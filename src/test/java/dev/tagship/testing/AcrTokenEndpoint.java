package dev.tagship.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ACR's token endpoints as Azure documents them (AAD-OAuth in Azure/acr), on 127.0.0.1: {@code POST
 * /oauth2/exchange} takes an Entra ID access token and gives an ACR refresh token; {@code
 * /oauth2/token} takes that refresh token (form POST, or basic auth with ACR's fixed user name) and
 * gives a registry access token: a JWT signed the way CNCF distribution checks it.
 */
public final class AcrTokenEndpoint implements HttpHandler {

  public static final String ISSUER = "tagship-test-acr";
  private static final String TOKEN_USERNAME = "00000000-0000-0000-0000-000000000000";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String service;
  private final String acceptedEntraToken;
  private final PrivateKey signer;
  private final String signerCertificate;
  private final Map<String, Boolean> refreshTokens = new ConcurrentHashMap<>();
  private final List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();

  public AcrTokenEndpoint(
      String service, String acceptedEntraToken, TestCertificates certificates) {
    this.service = service;
    this.acceptedEntraToken = acceptedEntraToken;
    try {
      String pem = Files.readString(certificates.signerKey());
      byte[] der =
          Base64.getMimeDecoder()
              .decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
      this.signer = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
      try (var in = Files.newInputStream(certificates.signerCertificate())) {
        this.signerCertificate =
            Base64.getEncoder()
                .encodeToString(
                    CertificateFactory.getInstance("X.509").generateCertificate(in).getEncoded());
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** What was called, e.g. {@code exchange} or {@code token repository:shop:pull,push}. */
  public List<String> calls() {
    return List.copyOf(calls);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      Map<String, List<String>> form = new LinkedHashMap<>();
      parse(exchange.getRequestURI().getRawQuery(), form);
      if (exchange.getRequestMethod().equals("POST")) {
        parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), form);
      }
      if (path.equals("/oauth2/exchange")) {
        exchangeToken(exchange, form);
      } else if (path.equals("/oauth2/token")) {
        accessToken(exchange, form);
      } else {
        respond(exchange, 404, Map.of("errors", List.of(Map.of("code", "NOT_FOUND"))));
      }
    }
  }

  private void exchangeToken(HttpExchange exchange, Map<String, List<String>> form)
      throws IOException {
    calls.add("exchange");
    if (!"access_token".equals(first(form, "grant_type"))
        || !service.equals(first(form, "service"))
        || !acceptedEntraToken.equals(first(form, "access_token"))) {
      respond(exchange, 401, Map.of("errors", List.of(Map.of("code", "UNAUTHORIZED"))));
      return;
    }
    String refresh = "acr-refresh-" + UUID.randomUUID();
    refreshTokens.put(refresh, true);
    respond(exchange, 200, Map.of("refresh_token", refresh));
  }

  private void accessToken(HttpExchange exchange, Map<String, List<String>> form)
      throws IOException {
    String refresh = first(form, "refresh_token");
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (refresh == null && authorization != null && authorization.startsWith("Basic ")) {
      String[] user =
          new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8)
              .split(":", 2);
      if (user.length == 2 && user[0].equals(TOKEN_USERNAME)) {
        refresh = user[1];
      }
    }
    List<String> scopes = form.getOrDefault("scope", List.of());
    calls.add("token " + String.join(" ", scopes));
    if (refresh == null || !refreshTokens.containsKey(refresh)) {
      respond(exchange, 401, Map.of("errors", List.of(Map.of("code", "UNAUTHORIZED"))));
      return;
    }
    String token = jwt(scopes);
    respond(exchange, 200, Map.of("access_token", token, "token", token, "expires_in", 300));
  }

  private String jwt(List<String> scopes) {
    try {
      List<Map<String, Object>> access = new ArrayList<>();
      for (String scope : scopes) {
        for (String single : scope.split(" ")) {
          String[] parts = single.split(":");
          if (parts.length == 3 && parts[0].equals("repository")) {
            access.add(
                Map.of(
                    "type",
                    "repository",
                    "name",
                    parts[1],
                    "actions",
                    List.of(parts[2].split(","))));
          }
        }
      }
      long now = Instant.now().getEpochSecond();
      Map<String, Object> header =
          Map.of("typ", "JWT", "alg", "RS256", "x5c", List.of(signerCertificate));
      Map<String, Object> claims = new LinkedHashMap<>();
      claims.put("iss", ISSUER);
      claims.put("sub", "test-identity");
      claims.put("aud", service);
      claims.put("exp", now + 300);
      claims.put("nbf", now - 10);
      claims.put("iat", now);
      claims.put("jti", UUID.randomUUID().toString());
      claims.put("access", access);
      Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
      String signingInput =
          url.encodeToString(JSON.writeValueAsBytes(header))
              + "."
              + url.encodeToString(JSON.writeValueAsBytes(claims));
      Signature signature = Signature.getInstance("SHA256withRSA");
      signature.initSign(signer);
      signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + url.encodeToString(signature.sign());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void parse(String encoded, Map<String, List<String>> into) {
    if (encoded == null || encoded.isEmpty()) {
      return;
    }
    for (String pair : encoded.split("&")) {
      String[] kv = pair.split("=", 2);
      into.computeIfAbsent(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), k -> new ArrayList<>())
          .add(kv.length == 2 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
    }
  }

  private static String first(Map<String, List<String>> form, String key) {
    List<String> values = form.get(key);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }
}
