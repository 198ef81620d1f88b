package dev.tagship.deploy;

import dev.tagship.image.RegistryAccess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code helm upgrade --install} of {@code chart} as {@code release} in {@code namespace}, then
 * verification of its rollout.
 *
 * @param chart a chart folder, a packaged {@code .tgz}, or an {@code oci://} reference
 * @param chartVersion the version of an OCI chart; null for a folder or archive
 * @param imageTag set as {@code image.tag}; null to leave the chart's
 * @param imageRepository set as {@code image.repository}; null to leave the chart's
 * @param set {@code key=value} settings, as {@code helm --set}
 * @param timeout how long the rollout may take before it counts as failed
 * @param repairPending mark a revision stuck {@code pending-*} failed and go on
 * @param historyMax how many revisions Helm's history keeps after a verified deploy (Helm's {@code
 *     --history-max}); 0 keeps all. The last good revision is kept whatever its age.
 * @param chartRegistry how to reach and sign in to the registry of an {@code oci://} chart; null
 *     for HTTPS without credentials
 * @param skipCrds install none of the chart's {@code crds/} (Helm's {@code --skip-crds})
 */
public record DeployRequest(
    String release,
    String chart,
    String chartVersion,
    String namespace,
    boolean createNamespace,
    String imageTag,
    String imageRepository,
    List<Path> valuesFiles,
    List<String> set,
    Duration timeout,
    boolean repairPending,
    ReleaseMetadata metadata,
    ClusterAccess cluster,
    int historyMax,
    RegistryAccess chartRegistry,
    boolean skipCrds) {

  /** Helm's own default for {@code --history-max}. */
  public static final int DEFAULT_HISTORY_MAX = 10;

  // Helm: a release name is a DNS-1123 label of at most 53 characters.
  private static final Pattern RELEASE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,51}[a-z0-9])?");
  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  public DeployRequest {
    if (release == null || !RELEASE.matcher(release).matches()) {
      throw DeployException.usage(
          "release name '"
              + release
              + "' is not valid: lower-case letters, digits and '-', at"
              + " most 53, starting and ending with a letter or digit");
    }
    if (chart == null || chart.isBlank()) {
      throw DeployException.usage("a chart is required: a folder, a .tgz or oci://REGISTRY/REPO");
    }
    namespace = namespace == null || namespace.isBlank() ? "default" : namespace;
    if (!NAMESPACE.matcher(namespace).matches()) {
      throw DeployException.usage("namespace '" + namespace + "' is not a valid Kubernetes name");
    }
    valuesFiles = valuesFiles == null ? List.of() : List.copyOf(valuesFiles);
    set = set == null ? List.of() : List.copyOf(set);
    for (String setting : set) {
      if (setting.indexOf('=') <= 0) {
        throw DeployException.usage(
            "setting '" + setting + "' must be KEY=VALUE, e.g. replicaCount=2");
      }
    }
    timeout = timeout == null ? Duration.ofMinutes(5) : timeout;
    metadata = metadata == null ? ReleaseMetadata.none() : metadata;
    if (cluster == null) {
      throw DeployException.usage(
          "cluster access is required: a kubeconfig, or server, CA and token");
    }
    if (historyMax < 0) {
      throw DeployException.usage(
          "history max " + historyMax + " is not valid: give the revisions to keep, or 0 for all");
    }
    chartRegistry = chartRegistry == null ? RegistryAccess.defaults() : chartRegistry;
  }

  /** With Helm's default history cap, and an {@code oci://} chart's registry reached as is. */
  public DeployRequest(
      String release,
      String chart,
      String chartVersion,
      String namespace,
      boolean createNamespace,
      String imageTag,
      String imageRepository,
      List<Path> valuesFiles,
      List<String> set,
      Duration timeout,
      boolean repairPending,
      ReleaseMetadata metadata,
      ClusterAccess cluster) {
    this(
        release,
        chart,
        chartVersion,
        namespace,
        createNamespace,
        imageTag,
        imageRepository,
        valuesFiles,
        set,
        timeout,
        repairPending,
        metadata,
        cluster,
        DEFAULT_HISTORY_MAX,
        null,
        false);
  }
}
