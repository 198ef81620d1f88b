package dev.tagship.cli;

import dev.tagship.deploy.Durations;
import dev.tagship.deploy.ReleaseDeployer;
import dev.tagship.deploy.RollbackRequest;
import dev.tagship.deploy.RollbackResult;
import dev.tagship.steps.StepLog;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tagship rollback}: back to the last verified revision, or the one named. */
@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    description =
        "Deploys an earlier revision again (by default the last one tagship verified good, not"
            + " simply the one before) and verifies its rollout.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:rolled back and verified",
      "1:the rollback or its rollout failed",
      "2:bad usage"
    })
final class RollbackCommand implements Callable<Integer> {

  private final CliContext context;

  @picocli.CommandLine.Mixin ReleaseOptions target;

  @Option(
      names = "--to-revision",
      paramLabel = "K",
      description = "Revision to restore (default: the last verified good one).")
  Integer toRevision;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "5m",
      description = "Rollout timeout of the rollback (default: ${DEFAULT-VALUE}).")
  String timeout;

  @Option(
      names = "--reason",
      paramLabel = "TEXT",
      defaultValue = "by hand",
      description = "Why, for the release's history (default: by hand).")
  String reason;

  @Option(
      names = "--mark-failed",
      description = "Record the revision rolled back from as failed, so no rollback returns to it.")
  boolean markFailed;

  @Option(
      names = "--repair-pending",
      description =
          "Mark a revision left pending-* by a client that records no owner (plain helm) failed,"
              + " and roll back from it.")
  boolean repairPending;

  @Mixin ClusterOptions cluster;

  @Option(
      names = "--output",
      paramLabel = "text|json",
      defaultValue = "text",
      description = "Print a summary (text) or the whole result (json).")
  OutputFormat output;

  RollbackCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    StepLog log = ClusterOptions.log(context);
    RollbackResult result =
        new ReleaseDeployer(log)
            .rollback(
                new RollbackRequest(
                    target.release,
                    target.namespace,
                    toRevision,
                    Durations.parse(timeout),
                    reason,
                    markFailed,
                    cluster.resolve(context),
                    null,
                    repairPending));
    output.print(
        context.out(),
        target.release
            + " rolled back from revision "
            + result.fromRevision()
            + " to "
            + result.restoredRevision()
            + " (now revision "
            + result.newRevision()
            + "): "
            + result.verification().summary(),
        result);
    return result.verification().succeeded() ? 0 : Main.FAILURE;
  }
}
