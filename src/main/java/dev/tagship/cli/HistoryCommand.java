package dev.tagship.cli;

import dev.tagship.deploy.ReleaseDeployer;
import dev.tagship.deploy.RevisionInfo;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tagship history}: a release's revisions as a deploy log, with tagship's verdicts. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description =
        "Lists the revisions Helm keeps: version, image, status, good or not, when, build.")
final class HistoryCommand implements Callable<Integer> {

  private final CliContext context;

  @picocli.CommandLine.Mixin ReleaseOptions target;

  @Mixin ClusterOptions cluster;

  @Option(
      names = "--output",
      paramLabel = "text|json",
      defaultValue = "text",
      description = "A table (text) or JSON.")
  OutputFormat output;

  HistoryCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    List<RevisionInfo> revisions =
        new ReleaseDeployer(ClusterOptions.log(context))
            .history(target.release, target.namespace, cluster.resolve(context));
    if (output == OutputFormat.json) {
      output.print(context.out(), "", new Revisions(revisions));
      return 0;
    }
    String format = "%-9s %-11s %-20s %-40s %-5s %-26s %s%n";
    context
        .out()
        .printf(format, "REVISION", "STATUS", "VERSION", "IMAGE", "GOOD", "DEPLOYED", "BUILD");
    for (RevisionInfo revision : revisions) {
      context
          .out()
          .printf(
              format,
              revision.revision(),
              revision.status(),
              dash(revision.version()),
              dash(revision.image()),
              revision.good() == null ? "-" : revision.good() ? "yes" : "no",
              dash(toSeconds(revision.deployedAt())),
              dash(revision.build()));
    }
    return 0;
  }

  /** Helm's timestamps carry nanoseconds; a deploy log reads better to the second. */
  static String toSeconds(String timestamp) {
    try {
      // OffsetDateTime.toString leaves out seconds that are zero; every row keeps them
      return java.time.OffsetDateTime.parse(timestamp)
          .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
          .format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    } catch (RuntimeException unparsable) {
      return timestamp;
    }
  }

  private static String dash(String text) {
    return text == null || text.isBlank() ? "-" : text;
  }

  /** The JSON shape: {@code {"revisions": [...]}}. */
  record Revisions(List<RevisionInfo> revisions) {}
}
