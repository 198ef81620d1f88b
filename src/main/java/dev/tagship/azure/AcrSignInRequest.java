package dev.tagship.azure;

import com.azure.core.credential.TokenCredential;
import java.nio.file.Path;

/**
 * Exchange an Entra ID token for an ACR refresh token.
 *
 * @param registry the registry host, e.g. {@code myreg.azurecr.io}
 * @param tenant the Entra tenant; null for the credential's own
 * @param credential where the Entra ID token comes from
 * @param plainHttp the registry speaks HTTP (test registries only)
 * @param caFile a private CA for the registry's TLS certificate; null for the system's
 */
public record AcrSignInRequest(
    String registry, String tenant, TokenCredential credential, boolean plainHttp, Path caFile) {

  public AcrSignInRequest {
    if (registry == null || registry.isBlank() || credential == null) {
      throw new IllegalArgumentException("ACR sign-in needs a registry and a credential");
    }
  }
}
