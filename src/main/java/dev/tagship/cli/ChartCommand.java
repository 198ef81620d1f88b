package dev.tagship.cli;

import dev.tagship.deploy.ChartPublisher;
import dev.tagship.image.ChartPushResult;
import dev.tagship.steps.StepLog;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tagship chart}: Helm charts in OCI registries. */
@Command(
    name = "chart",
    mixinStandardHelpOptions = true,
    description = "Helm charts as OCI artifacts (ACR serves charts only so).",
    subcommands = {ChartCommand.Push.class})
final class ChartCommand implements Runnable {

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code tagship chart push CHART --registry R [--repository helm]}. */
  @Command(
      name = "push",
      mixinStandardHelpOptions = true,
      description = {
        "Packages a chart folder with Helm (a .tgz is taken as it is) and pushes it as an OCI"
            + " artifact to REGISTRY/REPOSITORY/NAME:VERSION, as helm push does.",
        "Deploy it with: tagship deploy --chart oci://REGISTRY/REPOSITORY/NAME --chart-version"
            + " VERSION.",
        "Sign-in: TAGSHIP_REGISTRY_USERNAME and TAGSHIP_REGISTRY_PASSWORD, --username with"
            + " --password-stdin, Entra ID for ACR, or a Docker config.json."
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:pushed (or already there)", "1:the push failed", "2:bad usage"})
  static final class Push implements Callable<Integer> {

    private final CliContext context;

    @Parameters(paramLabel = "CHART", description = "Chart folder or packaged .tgz.")
    Path chart;

    @Option(
        names = "--registry",
        required = true,
        paramLabel = "HOST",
        description = "Target registry, e.g. myreg.azurecr.io.")
    String registry;

    @Option(
        names = "--repository",
        paramLabel = "PATH",
        defaultValue = "helm",
        description = "Path under the registry (default: ${DEFAULT-VALUE}).")
    String repository;

    @Option(
        names = "--azure-tenant",
        paramLabel = "ID",
        description = "Entra tenant for --azure-sign-in.")
    String azureTenant;

    @picocli.CommandLine.Mixin RegistrySignInOptions signIn;

    @Option(
        names = "--output",
        paramLabel = "text|json",
        defaultValue = "text",
        description = "Print the chart reference (text) or the whole result (json).")
    OutputFormat output;

    Push(CliContext context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      StepLog log = context.log(dev.tagship.core.SecretMasker.none());
      RegistrySignInOptions.Access access = signIn.resolve(context, registry, azureTenant, log);
      ChartPushResult result =
          new ChartPublisher(access.log())
              .publish(context.resolve(chart), registry, repository, access.access());
      access
          .log()
          .println(
              (result.unchanged() ? "Unchanged: " : "Pushed: ")
                  + result.reference()
                  + " "
                  + result.version()
                  + " ("
                  + result.digest()
                  + ")");
      output.print(context.out(), result.reference() + " " + result.version(), result);
      return 0;
    }
  }
}
