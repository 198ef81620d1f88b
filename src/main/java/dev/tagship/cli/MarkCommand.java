package dev.tagship.cli;

import dev.tagship.deploy.ReleaseDeployer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tagship mark}: records a revision's verdict by hand or from a pipeline that checks more
 * than the rollout (a smoke test): good revisions are where rollbacks go, failed ones never are.
 */
@Command(
    name = "mark",
    mixinStandardHelpOptions = true,
    description = "Records a release revision as good (a rollback may return to it) or failed.")
final class MarkCommand implements Callable<Integer> {

  /** The verdicts a revision can get. */
  enum Verdict {
    good,
    failed
  }

  private final CliContext context;

  @Mixin ReleaseOptions target;

  @Option(
      names = "--revision",
      required = true,
      paramLabel = "N",
      description = "The revision to mark.")
  int revision;

  @Parameters(index = "0", paramLabel = "good|failed", description = "The verdict.")
  Verdict verdict;

  @Mixin ClusterOptions cluster;

  MarkCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    new ReleaseDeployer(ClusterOptions.log(context))
        .recordOutcome(
            target.release,
            target.namespace,
            cluster.resolve(context),
            revision,
            verdict == Verdict.good);
    context.out().println(target.release + " revision " + revision + " marked " + verdict);
    return 0;
  }
}
