package dev.tagship.steps;

import dev.tagship.azure.AksClusterRequest;
import dev.tagship.azure.AksKubeconfig;
import dev.tagship.azure.AzureCredentials;
import java.util.Map;

/**
 * Gets an AKS cluster's user kubeconfig for the steps, as {@code tagship deploy --aks-*} does: from
 * the AKS API with the build's Entra ID identity. Tests give one that reaches a local Resource
 * Manager.
 */
@FunctionalInterface
public interface AksAccess {

  String userKubeconfig(
      String subscription,
      String resourceGroup,
      String cluster,
      String tenant,
      Map<String, String> env);

  /** Azure's public cloud, signed in with the identity the environment names. */
  static AksAccess azure() {
    return (subscription, resourceGroup, cluster, tenant, env) ->
        new AksKubeconfig()
            .userKubeconfig(
                new AksClusterRequest(
                    subscription,
                    resourceGroup,
                    cluster,
                    tenant,
                    AzureCredentials.fromEnvironment(env),
                    null,
                    null));
  }
}
