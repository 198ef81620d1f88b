package dev.tagship.azure;

import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.resourcemanager.containerservice.ContainerServiceManager;
import com.azure.resourcemanager.containerservice.fluent.models.CredentialResultsInner;
import com.azure.resourcemanager.containerservice.models.CredentialResult;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Gets an AKS cluster's user kubeconfig from the AKS API ({@code listClusterUserCredential}), as
 * {@code az aks get-credentials} does: with subscription, resource group and cluster name and an
 * Entra ID identity, no kubeconfig has to be kept anywhere. The kubeconfig stays in memory. For a
 * cluster with Entra ID integration the same identity's token replaces kubelogin.
 */
public final class AksKubeconfig {

  public String userKubeconfig(AksClusterRequest request) {
    ContainerServiceManager.Configurable configurable = ContainerServiceManager.configure();
    if (request.httpClient() != null) {
      configurable.withHttpClient(request.httpClient());
    }
    AzureEnvironment environment = AzureEnvironment.AZURE;
    if (request.managementEndpoint() != null) {
      Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
      endpoints.put("resourceManagerEndpointUrl", request.managementEndpoint());
      environment = new AzureEnvironment(endpoints);
    }
    AzureProfile profile = new AzureProfile(request.tenant(), request.subscription(), environment);
    CredentialResultsInner credentials;
    try {
      credentials =
          configurable
              .authenticate(request.credential(), profile)
              .serviceClient()
              .getManagedClusters()
              .listClusterUserCredentials(request.resourceGroup(), request.cluster());
    } catch (RuntimeException e) {
      throw new AzureException(
          "could not get the kubeconfig of AKS cluster "
              + request.cluster()
              + " in resource group "
              + request.resourceGroup()
              + ": "
              + e.getMessage()
              + ". The identity needs 'Azure Kubernetes Service Cluster User Role' on the cluster",
          e);
    }
    if (credentials == null
        || credentials.kubeconfigs() == null
        || credentials.kubeconfigs().isEmpty()) {
      throw new AzureException("AKS returned no kubeconfig for cluster " + request.cluster(), null);
    }
    CredentialResult first = credentials.kubeconfigs().get(0);
    return EntraKubeconfig.withTokens(
        new String(first.value(), StandardCharsets.UTF_8), request.credential(), request.tenant());
  }
}
