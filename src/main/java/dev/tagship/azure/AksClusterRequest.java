package dev.tagship.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;

/**
 * Which AKS cluster to reach, and as whom.
 *
 * @param managementEndpoint Azure Resource Manager's URL; null for Azure's public cloud
 * @param httpClient the HTTP client for Resource Manager; null for azure-core's default
 */
public record AksClusterRequest(
    String subscription,
    String resourceGroup,
    String cluster,
    String tenant,
    TokenCredential credential,
    String managementEndpoint,
    HttpClient httpClient) {

  public AksClusterRequest {
    if (subscription == null || resourceGroup == null || cluster == null) {
      throw new AzureException(
          "an AKS cluster is named by subscription, resource group and cluster name", null);
    }
    if (credential == null) {
      throw new AzureException("signing in to Azure needs a credential", null);
    }
  }
}
