package dev.tagship.steps;

import dev.tagship.deploy.DeployException;
import dev.tagship.deploy.DeployRequest;
import dev.tagship.deploy.DeployResult;
import dev.tagship.deploy.Durations;
import dev.tagship.deploy.ReleaseDeployer;
import dev.tagship.deploy.ReleaseMetadata;
import dev.tagship.version.GitEnvironment;
import dev.tagship.version.SourceRevision;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code helmUpgradeAks(release: 'shop', chart: 'charts/shop', namespace: 'dev', imageTag: v)}:
 * upgrades the release and verifies its rollout; a failed rollout fails the step with the pod,
 * container and reason, so {@code rollbackOnFailure} around it can act. The revision it made, if
 * any, is recorded for the run, so that is the revision {@code rollbackOnFailure} acts on.
 */
public final class HelmUpgradeAksStep implements Step<HelmUpgradeAksParameters> {

  private final AksAccess aks;

  public HelmUpgradeAksStep() {
    this(AksAccess.azure());
  }

  /** With another way to AKS kubeconfigs (tests reach a local Resource Manager). */
  public HelmUpgradeAksStep(AksAccess aks) {
    this.aks = aks;
  }

  @Override
  public String name() {
    return "helmUpgradeAks";
  }

  @Override
  public Class<HelmUpgradeAksParameters> parameterType() {
    return HelmUpgradeAksParameters.class;
  }

  @Override
  public Object run(HelmUpgradeAksParameters parameters, StepContext context, StepBody body) {
    StepCluster cluster =
        StepCluster.resolve(
            name(),
            new StepCluster.Aks(
                parameters.subscription(),
                parameters.resourceGroup(),
                parameters.cluster(),
                parameters.tenant()),
            aks,
            parameters.kubeconfig(),
            parameters.server(),
            parameters.caFile(),
            parameters.credentialsId(),
            context);
    StepChartRegistry chartRegistry =
        StepChartRegistry.resolve(
            parameters.chart(),
            parameters.plainHttp(),
            parameters.registryCaFile(),
            parameters.registryCredentialsId(),
            context,
            cluster.log());
    StepLog log = chartRegistry.log();
    DeployRequest request =
        new DeployRequest(
            parameters.release(),
            parameters.chart().startsWith("oci://")
                ? parameters.chart()
                : context.resolve(parameters.chart()).toString(),
            parameters.version(),
            parameters.namespace(),
            Boolean.TRUE.equals(parameters.createNamespace()),
            parameters.imageTag(),
            parameters.imageRepository(),
            paths(context, parameters.values()),
            parameters.set(),
            parameters.timeout() == null ? null : Durations.parse(parameters.timeout()),
            Boolean.TRUE.equals(parameters.repairPending()),
            new ReleaseMetadata(
                SourceRevision.read(context.workspace()).map(SourceRevision::commit).orElse(null),
                parameters.imageTag(),
                parameters.imageDigest(),
                GitEnvironment.buildUrl(cluster.env())),
            cluster.access(),
            parameters.historyMax() == null
                ? DeployRequest.DEFAULT_HISTORY_MAX
                : parameters.historyMax(),
            chartRegistry.access(),
            Boolean.TRUE.equals(parameters.skipCrds()));
    DeployResult result;
    try {
      result = new ReleaseDeployer(log).deploy(request);
    } catch (DeployException e) {
      e.revisionMade()
          .ifPresent(made -> context.deployed().add(request.release(), request.namespace(), made));
      throw e;
    }
    context.deployed().add(request.release(), request.namespace(), result.revision());
    if (!result.verification().succeeded()) {
      throw new RolloutFailedException(result);
    }
    log.println(
        "helmUpgradeAks: " + result.release() + " revision " + result.revision() + " verified");
    return StepValue.of(result.release() + "@" + result.revision(), result);
  }

  private static List<Path> paths(StepContext context, List<String> files) {
    return files == null ? List.of() : files.stream().map(context::resolve).toList();
  }
}
