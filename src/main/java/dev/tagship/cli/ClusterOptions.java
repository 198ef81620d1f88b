package dev.tagship.cli;

import dev.tagship.azure.AksClusterRequest;
import dev.tagship.azure.AksKubeconfig;
import dev.tagship.azure.AzureCredentials;
import dev.tagship.deploy.ClusterAccess;
import dev.tagship.deploy.ClusterEnvironment;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The cluster options every cluster command takes; secrets come from the environment. */
final class ClusterOptions {

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description = "Kubeconfig file (default: KUBECONFIG, ~/.kube/config).")
  Path kubeconfig;

  @Option(
      names = "--server",
      paramLabel = "URL",
      description = "API server URL (token in TAGSHIP_KUBE_TOKEN).")
  String server;

  @Option(
      names = "--ca-file",
      paramLabel = "FILE",
      description = "CA of the API server, with --server.")
  Path caFile;

  /** The command's log, masking the cluster token the environment holds. */
  static dev.tagship.steps.StepLog log(CliContext context) {
    String token = context.env().get(ClusterEnvironment.TOKEN);
    return context.log(
        dev.tagship.core.SecretMasker.of(
            token == null ? java.util.List.of() : java.util.List.of(token)));
  }

  @Option(
      names = "--aks-subscription",
      paramLabel = "ID",
      description =
          "AKS: subscription; with --aks-resource-group and --aks-cluster, the kubeconfig comes from the AKS API (Entra ID sign-in).")
  String aksSubscription;

  @Option(names = "--aks-resource-group", paramLabel = "NAME", description = "AKS: resource group.")
  String aksResourceGroup;

  @Option(names = "--aks-cluster", paramLabel = "NAME", description = "AKS: cluster name.")
  String aksCluster;

  @Option(
      names = "--azure-tenant",
      paramLabel = "ID",
      description = "AKS: Entra tenant (default: the identity's).")
  String azureTenant;

  /** True when any option names a cluster; otherwise the environment's kubeconfig is the one. */
  boolean given() {
    return kubeconfig != null
        || server != null
        || aksSubscription != null
        || aksResourceGroup != null
        || aksCluster != null;
  }

  /** The options as the user gave them, for messages: {@code --kubeconfig FILE} and the like. */
  String describe() {
    if (server != null) {
      return "--server " + server;
    }
    if (kubeconfig != null) {
      return "--kubeconfig " + kubeconfig;
    }
    return "--aks-cluster " + aksCluster;
  }

  ClusterAccess resolve(CliContext context) {
    if (aksSubscription != null || aksResourceGroup != null || aksCluster != null) {
      if (kubeconfig != null || server != null) {
        throw new UsageException(
            "give the cluster either by AKS name (--aks-subscription, --aks-resource-group,"
                + " --aks-cluster) or by --kubeconfig / --server, not both");
      }
      return new ClusterAccess(
          new AksKubeconfig()
              .userKubeconfig(
                  new AksClusterRequest(
                      aksSubscription,
                      aksResourceGroup,
                      aksCluster,
                      azureTenant,
                      AzureCredentials.fromEnvironment(context.env()),
                      null,
                      null)));
    }
    return ClusterEnvironment.resolve(
        kubeconfig == null ? null : context.resolve(kubeconfig),
        server,
        caFile == null ? null : context.resolve(caFile),
        context.env());
  }
}
