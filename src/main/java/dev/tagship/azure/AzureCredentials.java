package dev.tagship.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.util.Configuration;
import com.azure.core.util.ConfigurationBuilder;
import com.azure.core.util.ConfigurationSource;
import com.azure.identity.DefaultAzureCredentialBuilder;
import java.util.List;
import java.util.Map;

/**
 * Microsoft Entra ID sign-in from the build's environment, as azure-identity's {@code
 * DefaultAzureCredential} does it: workload identity, service principal (secret or certificate),
 * managed identity, az CLI. The environment is passed in, not read from the process.
 */
public final class AzureCredentials {

  /** Variables that show an Azure identity is configured, so probing for one is worth it. */
  private static final List<String> IDENTITY_VARIABLES =
      List.of(
          "AZURE_CLIENT_ID",
          "AZURE_FEDERATED_TOKEN_FILE",
          "IDENTITY_ENDPOINT",
          "MSI_ENDPOINT",
          "AZURE_CLIENT_SECRET",
          "AZURE_CLIENT_CERTIFICATE_PATH");

  private AzureCredentials() {}

  public static TokenCredential fromEnvironment(Map<String, String> env) {
    ConfigurationSource source = path -> Map.copyOf(env);
    Configuration configuration = new ConfigurationBuilder(source, source, source).build();
    return new DefaultAzureCredentialBuilder().configuration(configuration).build();
  }

  /**
   * Whether the environment names an Azure identity. Without one, tagship does not probe (the probe
   * would ask the instance metadata service of a machine that is not in Azure).
   */
  public static boolean configured(Map<String, String> env) {
    return IDENTITY_VARIABLES.stream()
        .anyMatch(name -> env.get(name) != null && !env.get(name).isBlank());
  }
}
