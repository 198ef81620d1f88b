package dev.tagship.testing;

import dev.tagship.deploy.ClusterAccess;
import dev.tagship.deploy.DeployRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Deploy requests as most tests make them: a chart folder and an image tag, defaults otherwise. */
public final class TestDeploys {

  private TestDeploys() {}

  /**
   * Deploys {@code chart} as {@code release} in {@code namespace} (created when missing) with the
   * image tag {@code tag} and {@code set} values; no values files, no release metadata.
   */
  public static DeployRequest request(
      String release,
      Path chart,
      String namespace,
      String tag,
      Duration timeout,
      ClusterAccess cluster,
      String... set) {
    return new DeployRequest(
        release,
        chart.toString(),
        null,
        namespace,
        true,
        tag,
        null,
        List.of(),
        List.of(set),
        timeout,
        false,
        null,
        cluster);
  }
}
