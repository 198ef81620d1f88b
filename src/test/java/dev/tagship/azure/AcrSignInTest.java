package dev.tagship.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import dev.tagship.image.ImagePublisher;
import dev.tagship.image.ImageSource;
import dev.tagship.image.PublishRequest;
import dev.tagship.image.PublishResult;
import dev.tagship.image.RegistryAccess;
import dev.tagship.image.RegistryCredentials;
import dev.tagship.testing.AcrTokenEndpoint;
import dev.tagship.testing.FaultyProxy;
import dev.tagship.testing.RegistryFixture;
import dev.tagship.testing.TestCertificates;
import dev.tagship.testing.TestImages;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

/**
 * ACR sign-in with Entra ID against a local endpoint speaking ACR's token protocol, in front of a
 * real registry that accepts only bearer tokens. Entra ID itself cannot run here: the Entra token
 * comes from a {@link TokenCredential} that hands out a fixed token, and everything after it is the
 * production path.
 */
class AcrSignInTest {

  private static final String ENTRA_TOKEN = "entra-access-token-for-tests";

  @TempDir Path temp;

  private static TokenCredential entra(String token) {
    return request -> Mono.just(new AccessToken(token, OffsetDateTime.now().plusHours(1)));
  }

  @Test
  void entraTokenIsExchangedAndTheImageIsPushedWithRegistryTokens() {
    TestCertificates certificates = TestCertificates.create(temp.resolve("certs"));
    AcrTokenEndpoint[] endpoint = new AcrTokenEndpoint[1];
    try (FaultyProxy front =
        FaultyProxy.front(Map.of("/oauth2/", exchange -> endpoint[0].handle(exchange)))) {
      endpoint[0] = new AcrTokenEndpoint(front.host(), ENTRA_TOKEN, certificates);
      try (RegistryFixture registry =
          RegistryFixture.startWithTokenAuth(
              temp.resolve("reg"),
              "http://" + front.host() + "/oauth2/token",
              front.host(),
              AcrTokenEndpoint.ISSUER,
              certificates)) {
        front.target(registry.host());
        String digest = TestImages.ociLayout(temp.resolve("app"), "1.0.0", 1, 2000);

        AcrSignInResult signIn =
            new AcrSignIn()
                .signIn(new AcrSignInRequest(front.host(), null, entra(ENTRA_TOKEN), true, null));
        PublishResult result =
            new ImagePublisher(e -> {})
                .publish(
                    new PublishRequest(
                        new ImageSource.OciLayout(temp.resolve("app"), null),
                        front.host(),
                        "shop",
                        List.of("1.0.0", "latest"),
                        new RegistryAccess(
                            true,
                            null,
                            false,
                            new RegistryCredentials(signIn.username(), signIn.refreshToken()),
                            null),
                        null,
                        2));

        assertThat(signIn.username()).isEqualTo(AcrSignInResult.TOKEN_USERNAME);
        assertThat(signIn.toString()).doesNotContain(signIn.refreshToken());
        assertThat(result.digest()).isEqualTo(digest);
        assertThat(endpoint[0].calls()).first().isEqualTo("exchange");
        assertThat(endpoint[0].calls())
            .anyMatch(c -> c.matches("token repository:shop:(pull,push|push,pull)"));
      }
    }
  }

  @Test
  void refusedEntraTokenFailsNamingTheRoleToGrant() {
    TestCertificates certificates = TestCertificates.create(temp.resolve("certs"));
    AcrTokenEndpoint[] endpoint = new AcrTokenEndpoint[1];
    try (FaultyProxy front =
        FaultyProxy.front(Map.of("/oauth2/", exchange -> endpoint[0].handle(exchange)))) {
      endpoint[0] = new AcrTokenEndpoint(front.host(), ENTRA_TOKEN, certificates);

      assertThatThrownBy(
              () ->
                  new AcrSignIn()
                      .signIn(
                          new AcrSignInRequest(
                              front.host(), null, entra("someone-else"), true, null)))
          .isInstanceOf(AzureException.class)
          .hasMessageContaining("refused the Entra ID token (401)")
          .hasMessageContaining("AcrPush")
          .hasMessageNotContaining("someone-else");
    }
  }

  @Test
  void failingEntraSignInSaysWhatToConfigure() {
    TokenCredential broken = request -> Mono.error(new IllegalStateException("no identity found"));

    assertThatThrownBy(
            () ->
                new AcrSignIn()
                    .signIn(new AcrSignInRequest("127.0.0.1:9", null, broken, true, null)))
        .isInstanceOf(AzureException.class)
        .hasMessageContaining("Microsoft Entra ID sign-in failed: no identity found")
        .hasMessageContaining("AZURE_CLIENT_ID");
  }

  @Test
  void identityIsOnlyProbedWhenTheEnvironmentNamesOne() {
    assertThat(AzureCredentials.configured(Map.of("PATH", "/usr/bin"))).isFalse();
    assertThat(AzureCredentials.configured(Map.of("AZURE_FEDERATED_TOKEN_FILE", "/var/run/token")))
        .isTrue();
  }
}
