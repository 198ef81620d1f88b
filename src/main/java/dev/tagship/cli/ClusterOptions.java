package dev.tagship.cli;

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

  ClusterAccess resolve(CliContext context) {
    return ClusterEnvironment.resolve(
        kubeconfig == null ? null : context.resolve(kubeconfig),
        server,
        caFile == null ? null : context.resolve(caFile),
        context.env());
  }
}
