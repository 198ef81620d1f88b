package dev.tagship.cli;

import picocli.CommandLine.Option;

/** The release a cluster command works on: {@code --release} in {@code --namespace}. */
final class ReleaseOptions {

  @Option(
      names = "--release",
      required = true,
      paramLabel = "NAME",
      description = "Helm release name.")
  String release;

  @Option(
      names = {"--namespace", "-n"},
      paramLabel = "NS",
      defaultValue = "default",
      description = "Namespace (default: ${DEFAULT-VALUE}).")
  String namespace;
}
