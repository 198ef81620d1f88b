package dev.tagship.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes the user kubeconfig of an AKS cluster with Microsoft Entra ID integration usable without
 * kubelogin: such a kubeconfig runs {@code kubelogin get-token --server-id ID}, which agents do not
 * have; tagship gets that token itself from the same identity (scope {@code ID/.default}) and puts
 * it in the kubeconfig, which only ever lives in memory or in a 0600 temporary file.
 */
final class EntraKubeconfig {

  /** The application id of the AKS Microsoft Entra server, the same in every tenant. */
  static final String AKS_SERVER_ID = "6dae42f8-4368-4678-94ff-3960e28e3630";

  private static final YAMLMapper YAML = new YAMLMapper();

  private EntraKubeconfig() {}

  /** {@code kubeconfig} with every kubelogin user replaced by an Entra token; as is otherwise. */
  static String withTokens(String kubeconfig, TokenCredential credential, String tenant) {
    Map<String, Object> config;
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> parsed = YAML.readValue(kubeconfig, Map.class);
      config = parsed;
    } catch (JsonProcessingException e) {
      throw new AzureException(
          "AKS returned a kubeconfig that is not YAML: " + e.getOriginalMessage(), e);
    }
    boolean changed = false;
    Object users = config.get("users");
    if (users instanceof List<?> entries) {
      for (Object entry : entries) {
        if (entry instanceof Map<?, ?> named && named.get("user") instanceof Map<?, ?> user) {
          String serverId = kubeloginServerId(user);
          if (serverId != null) {
            @SuppressWarnings("unchecked")
            Map<String, Object> writable = (Map<String, Object>) named;
            writable.put(
                "user", new LinkedHashMap<>(Map.of("token", token(credential, tenant, serverId))));
            changed = true;
          }
        }
      }
    }
    if (!changed) {
      return kubeconfig;
    }
    try {
      return YAML.writeValueAsString(config);
    } catch (JsonProcessingException e) {
      throw new AzureException("could not write the AKS kubeconfig: " + e.getOriginalMessage(), e);
    }
  }

  /** The server id a kubelogin exec user asks a token for, or null for any other user. */
  private static String kubeloginServerId(Map<?, ?> user) {
    if (!(user.get("exec") instanceof Map<?, ?> exec)) {
      return null;
    }
    String command = String.valueOf(exec.get("command"));
    if (!command.equals("kubelogin") && !command.endsWith("/kubelogin")) {
      return null;
    }
    List<?> args = exec.get("args") instanceof List<?> list ? list : List.of();
    for (int i = 0; i + 1 < args.size(); i++) {
      if ("--server-id".equals(String.valueOf(args.get(i)))) {
        return String.valueOf(args.get(i + 1));
      }
    }
    return AKS_SERVER_ID;
  }

  private static String token(TokenCredential credential, String tenant, String serverId) {
    TokenRequestContext context = new TokenRequestContext().addScopes(serverId + "/.default");
    if (tenant != null && !tenant.isBlank()) {
      context.setTenantId(tenant);
    }
    try {
      return credential.getTokenSync(context).getToken();
    } catch (RuntimeException e) {
      throw new AzureException(
          "could not get a Microsoft Entra token for the AKS cluster (scope "
              + serverId
              + "/.default): "
              + e.getMessage()
              + ". The identity needs access to the cluster through Entra ID (e.g. 'Azure"
              + " Kubernetes Service RBAC Writer')",
          e);
    }
  }
}
