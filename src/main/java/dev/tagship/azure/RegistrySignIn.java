package dev.tagship.azure;

import com.azure.core.credential.TokenCredential;
import dev.tagship.core.Event;
import dev.tagship.core.EventListener;
import dev.tagship.image.RegistryCredentials;
import dev.tagship.image.RegistryEnvironment;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Chooses how to sign in to a registry, in the order users of ACR expect: credentials given
 * explicitly for this call; Microsoft Entra ID (when asked, or for an {@code *.azurecr.io} registry
 * when the environment names an Azure identity); the ACR admin user or a repository-scoped token
 * from the environment; else none, leaving a Docker config.json.
 */
public final class RegistrySignIn {

  private final Function<Map<String, String>, TokenCredential> entra;

  public RegistrySignIn() {
    this(AzureCredentials::fromEnvironment);
  }

  /** With another source of Entra ID credentials (tests). */
  RegistrySignIn(Function<Map<String, String>, TokenCredential> entra) {
    this.entra = entra;
  }

  /**
   * @param explicit credentials given for this call (e.g. {@code --password-stdin}); null if none
   * @param forceEntra sign in with Entra ID whatever the registry's name
   * @return the credentials to use, or null to rely on a Docker config.json
   */
  public RegistryCredentials credentials(
      String registry,
      Map<String, String> env,
      RegistryCredentials explicit,
      boolean forceEntra,
      String tenant,
      boolean plainHttp,
      Path caFile,
      EventListener events) {
    if (explicit != null) {
      return explicit;
    }
    boolean acr = registry.toLowerCase(Locale.ROOT).endsWith(".azurecr.io");
    if (forceEntra || (acr && AzureCredentials.configured(env))) {
      AcrSignInResult result =
          new AcrSignIn()
              .signIn(new AcrSignInRequest(registry, tenant, entra.apply(env), plainHttp, caFile));
      events.on(Event.info("Signed in to " + registry + " with Microsoft Entra ID"));
      return new RegistryCredentials(result.username(), result.refreshToken());
    }
    return RegistryEnvironment.credentials(env);
  }
}
