package dev.tagship.pipeline.steps;

import dev.tagship.pipeline.runtime.PipelineStep;
import java.util.List;
import java.util.Set;

/**
 * Symbols that describe rather than act: credential bindings for withCredentials and parameters for
 * input. {@code string} serves both, as in Jenkins.
 */
final class Symbols {

  private Symbols() {}

  private static final Set<String> PARAMETER =
      Set.of("name", "defaultValue", "description", "trim");

  static List<PipelineStep> all() {
    return List.of(
        SimpleStep.symbol(
            "usernamePassword", Set.of("credentialsId", "usernameVariable", "passwordVariable")),
        SimpleStep.symbol("usernameColonPassword", Set.of("credentialsId", "variable")),
        SimpleStep.symbol("file", Set.of("credentialsId", "variable")),
        SimpleStep.symbol(
            "sshUserPrivateKey",
            Set.of("credentialsId", "keyFileVariable", "passphraseVariable", "usernameVariable")),
        SimpleStep.symbol(
            "azureServicePrincipal",
            "credentialsId",
            Set.of(
                "credentialsId",
                "subscriptionIdVariable",
                "clientIdVariable",
                "clientSecretVariable",
                "tenantIdVariable",
                "environmentVariable")),
        SimpleStep.symbol(
            "string",
            Set.of("credentialsId", "variable", "name", "defaultValue", "description", "trim")),
        SimpleStep.symbol("text", PARAMETER),
        SimpleStep.symbol("password", PARAMETER),
        SimpleStep.symbol("booleanParam", PARAMETER),
        SimpleStep.symbol("choice", Set.of("name", "choices", "description")));
  }
}
