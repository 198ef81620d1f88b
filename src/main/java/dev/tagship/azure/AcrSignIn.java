package dev.tagship.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenRequestContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tagship.core.PemTrust;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;

/**
 * Signs in to ACR with Microsoft Entra ID, by ACR's documented token exchange: an Entra ID access
 * token is posted to {@code https://<registry>/oauth2/exchange} and comes back as an ACR refresh
 * token. The registry's own token endpoint ({@code /oauth2/token}) then gives access tokens per
 * repository scope to whichever client pushes, and the refresh token is asked for anew on each run,
 * well before its three hours run out.
 */
public final class AcrSignIn {

  /** The scope of an Entra ID token ACR accepts for the exchange. */
  static final String ACR_SCOPE = "https://containerregistry.azure.net/.default";

  private static final ObjectMapper JSON = new ObjectMapper();

  public AcrSignInResult signIn(AcrSignInRequest request) {
    TokenRequestContext context = new TokenRequestContext().addScopes(ACR_SCOPE);
    if (request.tenant() != null) {
      context.setTenantId(request.tenant());
    }
    AccessToken entraToken;
    try {
      entraToken = request.credential().getTokenSync(context);
    } catch (RuntimeException e) {
      throw new AzureException(
          "Microsoft Entra ID sign-in failed: "
              + e.getMessage()
              + ". Configure workload identity, a managed identity, a service principal"
              + " (AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_CLIENT_SECRET or a certificate) or az"
              + " login",
          e);
    }
    Map<String, String> form = new java.util.LinkedHashMap<>();
    form.put("grant_type", "access_token");
    form.put("service", request.registry());
    if (request.tenant() != null) {
      form.put("tenant", request.tenant());
    }
    form.put("access_token", entraToken.getToken());
    String scheme = request.plainHttp() ? "http" : "https";
    HttpRequest exchange =
        HttpRequest.newBuilder(URI.create(scheme + "://" + request.registry() + "/oauth2/exchange"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(encode(form)))
            .build();
    HttpResponse<String> response;
    try {
      response = client(request).send(exchange, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AzureException(
          "could not reach "
              + request.registry()
              + " to exchange the Entra ID token: "
              + e.getMessage(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AzureException("interrupted during ACR sign-in", e);
    }
    if (response.statusCode() != 200) {
      throw new AzureException(
          "ACR "
              + request.registry()
              + " refused the Entra ID token ("
              + response.statusCode()
              + "): the identity needs a role on the registry such as AcrPush, and the"
              + " registry must allow Entra ID authentication",
          null);
    }
    String refreshToken;
    try {
      JsonNode body = JSON.readTree(response.body());
      refreshToken = body.path("refresh_token").asText(null);
    } catch (IOException e) {
      refreshToken = null;
    }
    if (refreshToken == null || refreshToken.isEmpty()) {
      throw new AzureException(
          "ACR " + request.registry() + " answered the token exchange without a refresh token",
          null);
    }
    return new AcrSignInResult(
        AcrSignInResult.TOKEN_USERNAME, refreshToken, entraToken.getExpiresAt().toInstant());
  }

  private static String encode(Map<String, String> form) {
    return form.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  private static HttpClient client(AcrSignInRequest request) {
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
    if (request.caFile() != null) {
      builder.sslContext(trusting(request));
    }
    return builder.build();
  }

  private static SSLContext trusting(AcrSignInRequest request) {
    try {
      return PemTrust.sslContext(request.caFile());
    } catch (IOException | java.security.GeneralSecurityException e) {
      throw new AzureException(
          "cannot read the CA file " + request.caFile() + ": " + e.getMessage(), e);
    }
  }
}
