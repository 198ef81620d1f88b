package dev.tagship.deploy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * {@code tagship deploy} as a process of its own whose release lease lasts {@code LEASE_SECONDS}
 * instead of 30 s, so a test can kill it and see its release taken over in seconds. Arguments:
 * KUBECONFIG NAMESPACE RELEASE CHART TAG LEASE_SECONDS [KEY=VALUE...].
 */
final class ShortLeaseDeploy {

  private ShortLeaseDeploy() {}

  public static void main(String[] args) {
    Duration lease = Duration.ofSeconds(Long.parseLong(args[5]));
    DeployResult result =
        new ReleaseDeployer(
                event -> System.out.println(event.message()),
                new ReleaseLease.Timing(lease, lease.dividedBy(6)))
            .deploy(
                new DeployRequest(
                    args[2],
                    args[3],
                    null,
                    args[1],
                    true,
                    args[4],
                    null,
                    List.of(),
                    Arrays.asList(args).subList(6, args.length),
                    Duration.ofMinutes(5),
                    false,
                    null,
                    ClusterAccess.fromFile(Path.of(args[0]))));
    System.out.println("revision " + result.revision() + ": " + result.verification().summary());
    System.exit(0);
  }
}
