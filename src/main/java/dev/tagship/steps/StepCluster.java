package dev.tagship.steps;

import dev.tagship.deploy.ClusterAccess;
import dev.tagship.deploy.ClusterEnvironment;
import dev.tagship.steps.Credential.SecretText;
import java.util.HashMap;
import java.util.Map;

/**
 * Cluster access from step parameters, shared by the steps that reach the cluster: a kubeconfig in
 * the workspace, or a server and CA with the token from a secret-text credential, else the
 * environment's KUBECONFIG. The token is masked in the returned log.
 */
record StepCluster(ClusterAccess access, StepLog log, Map<String, String> env) {

  static StepCluster resolve(
      String kubeconfig, String server, String caFile, String credentialsId, StepContext context) {
    Map<String, String> env = new HashMap<>(context.env());
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
