package dev.tagship.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * How to reach the cluster, as a kubeconfig kept in memory: read from a file, or written from a
 * server URL, CA and token (the team's pipeline does that today). Helm and the Kubernetes client
 * both take it as text, so no temporary kubeconfig file is written. Never printed.
 */
public record ClusterAccess(String kubeconfig) {

  public ClusterAccess {
    if (kubeconfig == null || kubeconfig.isBlank()) {
      throw DeployException.usage("cluster access needs a kubeconfig");
    }
  }

  public static ClusterAccess fromFile(Path file) {
    try {
      return new ClusterAccess(Files.readString(file));
    } catch (IOException e) {
      throw DeployException.usage("cannot read kubeconfig " + file + ": " + e.getMessage());
    }
  }

  /** A kubeconfig for {@code server} trusting {@code caPem}, signed in with {@code token}. */
  public static ClusterAccess fromToken(String server, String caPem, String token) {
    if (server == null || token == null || token.isBlank()) {
      throw DeployException.usage("a server URL and a token are needed to reach the cluster");
    }
    String ca =
        caPem == null
            ? "    insecure-skip-tls-verify: false\n"
            : "    certificate-authority-data: "
                + Base64.getEncoder()
                    .encodeToString(caPem.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                + "\n";
    return new ClusterAccess(
        "apiVersion: v1\nkind: Config\nclusters:\n- name: target\n  cluster:\n    server: "
            + server
            + "\n"
            + ca
            + "users:\n- name: deployer\n  user:\n    token: "
            + token
            + "\ncontexts:\n- name: target\n  context:\n    cluster: target\n    user: deployer\n"
            + "current-context: target\n");
  }

  /** The kubeconfig's current context, or null when it names none. */
  public String currentContext() {
    return KubeconfigContexts.of(kubeconfig).current();
  }

  /**
   * The same kubeconfig with {@code context} as its current context, as {@code kubectl --context}
   * uses it; a usage error naming the contexts it has when there is no such context.
   */
  public ClusterAccess withContext(String context) {
    return new ClusterAccess(KubeconfigContexts.of(kubeconfig).withCurrent(context));
  }

  @Override
  public String toString() {
    return "ClusterAccess[kubeconfig=****]";
  }
}
