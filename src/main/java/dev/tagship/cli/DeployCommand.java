package dev.tagship.cli;

import dev.tagship.deploy.DeployRequest;
import dev.tagship.deploy.DeployResult;
import dev.tagship.deploy.Durations;
import dev.tagship.deploy.ReleaseDeployer;
import dev.tagship.deploy.ReleaseMetadata;
import dev.tagship.steps.StepLog;
import dev.tagship.version.GitEnvironment;
import dev.tagship.version.SourceRevision;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tagship deploy}: {@code helm upgrade --install}, then a verified rollout. */
@Command(
    name = "deploy",
    mixinStandardHelpOptions = true,
    description = {
      "Upgrades (or installs) a Helm release and waits for its rollout, failing fast when a new"
          + " pod crash-loops, cannot pull its image or cannot start.",
      "Cluster access: --kubeconfig, KUBECONFIG or ~/.kube/config; or --server and --ca-file"
          + " with the token in TAGSHIP_KUBE_TOKEN.",
      "An oci:// chart is pulled with the registry sign-in of tagship push:"
          + " TAGSHIP_REGISTRY_USERNAME and TAGSHIP_REGISTRY_PASSWORD, --username with"
          + " --password-stdin, Entra ID for ACR, or a Docker config.json."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:deployed and verified",
      "1:the deployment or its rollout failed",
      "2:bad usage"
    })
final class DeployCommand implements Callable<Integer> {

  private final CliContext context;

  @picocli.CommandLine.Mixin ReleaseOptions target;

  @Option(
      names = "--chart",
      required = true,
      paramLabel = "CHART",
      description = "Chart folder, .tgz, or oci://REGISTRY/REPO.")
  String chart;

  @Option(
      names = "--chart-version",
      paramLabel = "VERSION",
      description = "Chart version (OCI charts).")
  String chartVersion;

  @Option(names = "--create-namespace", description = "Create the namespace if it is missing.")
  boolean createNamespace;

  @Option(
      names = "--image-tag",
      paramLabel = "TAG",
      description = "Set image.tag, e.g. the version from tagship version.")
  String imageTag;

  @Option(names = "--image-repository", paramLabel = "REPO", description = "Set image.repository.")
  String imageRepository;

  @Option(
      names = "--image-digest",
      paramLabel = "DIGEST",
      description = "Recorded in the release description.")
  String imageDigest;

  @Option(
      names = {"--values", "-f"},
      paramLabel = "FILE",
      description = "Values file (repeatable).")
  List<Path> values = new ArrayList<>();

  @Option(names = "--set", paramLabel = "K=V", description = "Value (repeatable), as helm --set.")
  List<String> set = new ArrayList<>();

  @Option(
      names = "--repair-pending",
      description = "Mark a revision stuck pending-* (left by a killed build) failed and go on.")
  boolean repairPending;

  @Option(
      names = "--skip-crds",
      description = "Install none of the chart's crds/ (as helm --skip-crds)")
  boolean skipCrds;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "5m",
      description =
          "Timeout of the whole deploy: Helm's hooks, then the rollout's verification"
              + " (default: ${DEFAULT-VALUE}).")
  String timeout;

  @Option(
      names = "--history-max",
      paramLabel = "N",
      defaultValue = "10",
      description =
          "Revisions kept in the release history after a verified deploy; 0 for no limit"
              + " (default: ${DEFAULT-VALUE}). The last good revision is always kept.")
  int historyMax;

  @picocli.CommandLine.Mixin ClusterOptions cluster;

  @picocli.CommandLine.Mixin RegistrySignInOptions chartRegistry;

  @Option(
      names = "--output",
      paramLabel = "text|json",
      defaultValue = "text",
      description = "Print a summary (text) or the whole result (json).")
  OutputFormat output;

  DeployCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    StepLog clusterLog = ClusterOptions.log(context);
    RegistrySignInOptions.Access chartAccess =
        chart.startsWith("oci://")
            ? chartRegistry.resolve(
                context,
                chart.substring("oci://".length()).split("/", 2)[0],
                cluster.azureTenant,
                clusterLog)
            : null;
    StepLog log = chartAccess == null ? clusterLog : chartAccess.log();
    List<Path> valuesFiles = values.stream().map(context::resolve).toList();
    String commit =
        SourceRevision.read(context.workingDirectory()).map(SourceRevision::commit).orElse(null);
    DeployRequest request =
        new DeployRequest(
            target.release,
            chart.startsWith("oci://") ? chart : context.resolve(Path.of(chart)).toString(),
            chartVersion,
            target.namespace,
            createNamespace,
            imageTag,
            imageRepository,
            valuesFiles,
            set,
            Durations.parse(timeout),
            repairPending,
            new ReleaseMetadata(
                commit, imageTag, imageDigest, GitEnvironment.buildUrl(context.env())),
            cluster.resolve(context),
            historyMax,
            chartAccess == null ? null : chartAccess.access(),
            skipCrds);
    DeployResult result = new ReleaseDeployer(log).deploy(request);
    output.print(
        context.out(),
        target.release + " revision " + result.revision() + ": " + result.verification().summary(),
        result);
    if (!result.verification().succeeded()) {
      result.verification().problems().forEach(problem -> log.println("  " + problem));
      return Main.FAILURE;
    }
    return 0;
  }
}
