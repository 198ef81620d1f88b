package dev.tagship.steps;

import dev.tagship.deploy.ClusterAccess;
import dev.tagship.deploy.ClusterEnvironment;
import dev.tagship.steps.Credential.SecretText;
import java.util.HashMap;
import java.util.Map;

/**
 * Cluster access from step parameters, shared by the steps that reach the cluster: AKS by
 * subscription, resource group and cluster name; a kubeconfig in the workspace; or a server and CA
 * with the token from a secret-text credential; else the environment's KUBECONFIG. The token is
 * masked in the returned log.
 */
record StepCluster(ClusterAccess access, StepLog log, Map<String, String> env) {

  /** The AKS cluster a step names; all null when it names none. */
  record Aks(String subscription, String resourceGroup, String cluster, String tenant) {
    boolean named() {
      return subscription != null || resourceGroup != null || cluster != null;
    }
  }

  static StepCluster resolve(
      String step,
      Aks aks,
      AksAccess aksAccess,
      String kubeconfig,
      String server,
      String caFile,
      String credentialsId,
      StepContext context) {
    if (aks.named()) {
      if (kubeconfig != null || server != null || credentialsId != null) {
        throw new StepException(
            step
                + ": give the cluster either by AKS name (subscription, resourceGroup, cluster)"
                + " or by kubeconfig / server and credentialsId, not both");
      }
      if (aks.subscription() == null || aks.resourceGroup() == null || aks.cluster() == null) {
        throw new StepException(
            step + ": an AKS cluster needs all of subscription, resourceGroup and cluster");
      }
      String kubeconfigText =
          aksAccess.userKubeconfig(
              aks.subscription(),
              aks.resourceGroup(),
              aks.cluster(),
              aks.tenant(),
              context.tagshipEnv());
      return new StepCluster(
          new ClusterAccess(kubeconfigText), context.log(), context.tagshipEnv());
    }
    Map<String, String> env = new HashMap<>(context.tagshipEnv());
    StepLog log = context.log();
    if (credentialsId != null) {
      SecretText token = context.credentials().require(credentialsId, SecretText.class);
      env.put(ClusterEnvironment.TOKEN, token.secret());
      log = log.masking(token.secrets());
    }
    ClusterAccess access =
        ClusterEnvironment.resolve(
            kubeconfig == null ? null : context.resolve(kubeconfig),
            server,
            caFile == null ? null : context.resolve(caFile),
            env);
    return new StepCluster(access, log, Map.copyOf(env));
  }
}
