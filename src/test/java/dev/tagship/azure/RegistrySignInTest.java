package dev.tagship.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.credential.TokenCredential;
import dev.tagship.image.RegistryCredentials;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class RegistrySignInTest {

  final AtomicInteger entraAsked = new AtomicInteger();
  final RegistrySignIn signIn =
      new RegistrySignIn(
          env -> {
            entraAsked.incrementAndGet();
            TokenCredential none = request -> Mono.error(new IllegalStateException("unused"));
            return none;
          });

  private RegistryCredentials credentials(
      String registry, Map<String, String> env, RegistryCredentials explicit) {
    return signIn.credentials(registry, env, explicit, false, null, false, null, e -> {});
  }

  @Test
  void explicitCredentialsWinOverEverything() {
    RegistryCredentials explicit = new RegistryCredentials("token-name", "token-secret");

    RegistryCredentials chosen =
        credentials(
            "myreg.azurecr.io",
            Map.of(
                "AZURE_CLIENT_ID",
                "id",
                "TAGSHIP_REGISTRY_USERNAME",
                "admin",
                "TAGSHIP_REGISTRY_PASSWORD",
                "pw"),
            explicit);

    assertThat(chosen).isSameAs(explicit);
    assertThat(entraAsked).hasValue(0);
  }

  @Test
  void withoutAnAzureIdentityTheAdminUserFromTheEnvironmentIsUsedAndNothingIsProbed() {
    RegistryCredentials chosen =
        credentials(
            "myreg.azurecr.io",
            Map.of("TAGSHIP_REGISTRY_USERNAME", "myreg", "TAGSHIP_REGISTRY_PASSWORD", "admin-pw"),
            null);

    assertThat(chosen).isEqualTo(new RegistryCredentials("myreg", "admin-pw"));
    assertThat(entraAsked).hasValue(0);
  }

  @Test
  void otherRegistriesNeverTryEntraUnlessAsked() {
    assertThat(credentials("registry.example.test", Map.of("AZURE_CLIENT_ID", "id"), null))
        .isNull();
    assertThat(entraAsked).hasValue(0);
  }
}
