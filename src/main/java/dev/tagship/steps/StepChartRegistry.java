package dev.tagship.steps;

import dev.tagship.azure.RegistrySignIn;
import dev.tagship.image.RegistryAccess;
import dev.tagship.image.RegistryCredentials;
import dev.tagship.image.RegistryEnvironment;
import dev.tagship.steps.Credential.UsernamePassword;
import java.util.List;

/**
 * Registry access for an {@code oci://} chart from step parameters, signed in as {@code pushToAcr}
 * signs in: a username/password credential, Entra ID for ACR, the environment, else a Docker
 * config.json. The password is masked in the returned log.
 */
record StepChartRegistry(RegistryAccess access, StepLog log) {

  static StepChartRegistry resolve(
      String chart,
      Boolean plainHttp,
      String caFile,
      String credentialsId,
      StepContext context,
      StepLog log) {
    if (!chart.startsWith("oci://")) {
      return new StepChartRegistry(null, log);
    }
    String registry = chart.substring("oci://".length()).split("/", 2)[0];
    RegistryCredentials explicit = null;
    if (credentialsId != null) {
      UsernamePassword credential =
          context.credentials().require(credentialsId, UsernamePassword.class);
      explicit = new RegistryCredentials(credential.username(), credential.password());
    }
    boolean http = Boolean.TRUE.equals(plainHttp);
    var ca = caFile == null ? null : context.resolve(caFile);
    RegistryCredentials credentials =
        new RegistrySignIn()
            .credentials(registry, context.tagshipEnv(), explicit, false, null, http, ca, log);
    return new StepChartRegistry(
        new RegistryAccess(
            http, ca, false, credentials, RegistryEnvironment.dockerConfig(context.tagshipEnv())),
        credentials == null ? log : log.masking(List.of(credentials.password())));
  }
}
