package dev.tagship.azure;

import java.time.Instant;

/**
 * An ACR refresh token, used as a password with ACR's fixed user name, the way {@code az acr login}
 * signs Docker in. Its {@link #toString()} never shows the token.
 *
 * @param expiresOn when the Entra ID token behind it expires (the refresh token outlives it)
 */
public record AcrSignInResult(String username, String refreshToken, Instant expiresOn) {

  /** The user name ACR expects with a refresh token. */
  public static final String TOKEN_USERNAME = "00000000-0000-0000-0000-000000000000";

  @Override
  public String toString() {
    return "AcrSignInResult[username="
        + username
        + ", refreshToken=****, expiresOn="
        + expiresOn
        + "]";
  }
}
