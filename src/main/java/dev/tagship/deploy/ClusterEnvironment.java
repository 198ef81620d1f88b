package dev.tagship.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Finds cluster access the ways teams give it, never on the command line: a kubeconfig file (named,
 * or {@code KUBECONFIG}, or {@code ~/.kube/config}), or a server URL and CA file with the token in
 * {@code TAGSHIP_KUBE_TOKEN}, as a pipeline that deploys with a service account does.
 */
public final class ClusterEnvironment {

  public static final String TOKEN = "TAGSHIP_KUBE_TOKEN";

  private ClusterEnvironment() {}

  public static ClusterAccess resolve(
      Path kubeconfig, String server, Path caFile, Map<String, String> env) {
    if (server != null) {
      String token = env.get(TOKEN);
      if (token == null || token.isBlank()) {
        throw DeployException.usage(
            "--server needs the token in " + TOKEN + " (never on the command line)");
      }
      try {
        return ClusterAccess.fromToken(
            server, caFile == null ? null : Files.readString(caFile), token);
      } catch (IOException e) {
        throw DeployException.usage("cannot read CA file " + caFile + ": " + e.getMessage());
      }
    }
    if (kubeconfig != null) {
      return ClusterAccess.fromFile(kubeconfig);
    }
    String fromEnv = env.get("KUBECONFIG");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return ClusterAccess.fromFile(Path.of(fromEnv.split(java.io.File.pathSeparator)[0]));
    }
    String home = env.get("HOME");
    Path standard = home == null ? null : Path.of(home, ".kube", "config");
    if (standard != null && Files.isRegularFile(standard)) {
      return ClusterAccess.fromFile(standard);
    }
    throw DeployException.usage(
        "no cluster access: give --kubeconfig, set KUBECONFIG, or --server with --ca-file and "
            + TOKEN);
  }
}
