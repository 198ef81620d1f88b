package dev.tagship.steps;

import dev.tagship.core.TagshipException;
import dev.tagship.deploy.DeployException;
import dev.tagship.deploy.Durations;
import dev.tagship.deploy.ReleaseDeployer;
import dev.tagship.deploy.RollbackRequest;
import dev.tagship.deploy.RollbackResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * {@code rollbackOnFailure(release: 'shop', namespace: 'dev') { helmUpgradeAks(...); sh
 * './smoke-test.sh' }}: when anything in the block fails — the upgrade, its verification, a smoke
 * test — the revision is recorded as failed and the release goes back to its last good revision,
 * whose own rollout is verified; then the build fails with one message naming the failed revision,
 * the cause and the revision restored. When the block succeeds, the revision is recorded good. A
 * deploy superseded by another while it was verified fails the build without a rollback: the
 * release's current revision is the other deploy's.
 */
public final class RollbackOnFailureStep implements Step<RollbackOnFailureParameters> {

  private final AksAccess aks;

  public RollbackOnFailureStep() {
    this(AksAccess.azure());
  }

  /** With another way to AKS kubeconfigs (tests reach a local Resource Manager). */
  public RollbackOnFailureStep(AksAccess aks) {
    this.aks = aks;
  }

  @Override
  public String name() {
    return "rollbackOnFailure";
  }

  @Override
  public Class<RollbackOnFailureParameters> parameterType() {
    return RollbackOnFailureParameters.class;
  }

  @Override
  public boolean takesBody() {
    return true;
  }

  @Override
  public Object run(RollbackOnFailureParameters parameters, StepContext context, StepBody body)
      throws Exception {
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
    StepLog log = cluster.log();
    String namespace = parameters.namespace() == null ? "default" : parameters.namespace();
    ReleaseDeployer deployer = new ReleaseDeployer(log);
    int mark = context.deployed().mark();
    Object value;
    try {
      value = body.run();
      if (parameters.verify() != null) {
        verify(parameters.verify(), context);
      }
    } catch (Exception | AssertionError failure) {
      String cause = failure.getMessage() == null ? failure.toString() : failure.getMessage();
      if (superseded(failure)) {
        // the current revision is another deploy's: rolling it back would undo that deploy
        throw new BlockFailedException("rollbackOnFailure: " + cause, failure);
      }
      // Only the revision this block made: the current one may be another build's.
      OptionalInt made = context.deployed().lastSince(mark, parameters.release(), namespace);
      if (made.isEmpty()) {
        throw new BlockFailedException(
            "rollbackOnFailure: the block failed before it made a revision of "
                + parameters.release()
                + " ("
                + cause
                + "); nothing of this build's to roll back, and the release is left as it is",
            failure);
      }
      int failed = made.getAsInt();
      // the original cause first, whatever happens after
      String failedRevision =
          "release " + parameters.release() + " revision " + failed + " failed: " + cause;
      if (Boolean.TRUE.equals(parameters.keepFailed())) {
        deployer.recordOutcome(parameters.release(), namespace, cluster.access(), failed, false);
        throw new BlockFailedException(
            failedRevision + "; kept as asked (keepFailed: true)", failure);
      }
      log.println(
          "rollbackOnFailure: revision " + failed + " failed (" + cause + "); rolling back");
      RollbackResult rollback;
      try {
        rollback =
            deployer.rollback(
                new RollbackRequest(
                    parameters.release(),
                    namespace,
                    null,
                    parameters.rollbackTimeout() == null
                        ? null
                        : Durations.parse(parameters.rollbackTimeout()),
                    "revision " + failed + " failed: " + cause,
                    true,
                    cluster.access(),
                    failed,
                    false));
      } catch (DeployException notRolledBack) {
        throw new BlockFailedException(failedRevision + "; " + notRolledBack.getMessage(), failure);
      }
      notify(parameters, rollback, cause);
      throw new BlockFailedException(
          failedRevision
              + "; rolled back to revision "
              + rollback.restoredRevision()
              + " (now revision "
              + rollback.newRevision()
              + (rollback.verification().succeeded()
                  ? ", verified)"
                  : ", whose rollout failed too: " + rollback.verification().summary() + ")"),
          failure);
    }
    OptionalInt made = context.deployed().lastSince(mark, parameters.release(), namespace);
    if (made.isPresent()) {
      deployer.recordOutcome(
          parameters.release(), namespace, cluster.access(), made.getAsInt(), true);
    }
    return value;
  }

  /** The block's deploy was superseded by another before its rollout could be judged. */
  private static boolean superseded(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof RolloutFailedException rollout
          && rollout.result().verification().superseded()) {
        return true;
      }
    }
    return false;
  }

  private static void notify(
      RollbackOnFailureParameters parameters, RollbackResult rollback, String cause) {
    if (parameters.onRollback() == null) {
      return;
    }
    Map<String, Object> what = new LinkedHashMap<>();
    what.put("release", rollback.release());
    what.put("namespace", rollback.namespace());
    what.put("failedRevision", rollback.fromRevision());
    what.put("restoredRevision", rollback.restoredRevision());
    what.put("newRevision", rollback.newRevision());
    what.put("cause", cause);
    parameters.onRollback().call(what);
  }

  /** Runs the {@code verify} check: an URL must answer 2xx, a command must exit 0. */
  private static void verify(String check, StepContext context)
      throws IOException, InterruptedException {
    if (check.startsWith("http://") || check.startsWith("https://")) {
      HttpResponse<Void> response =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(10))
              .build()
              .send(
                  HttpRequest.newBuilder(URI.create(check)).timeout(Duration.ofSeconds(30)).build(),
                  HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() / 100 != 2) {
        throw new BlockFailedException(
            "verify: " + check + " answered " + response.statusCode(), null);
      }
      return;
    }
    ProcessBuilder builder =
        new ProcessBuilder("sh", "-c", check)
            .directory(context.workspace().toFile())
            .redirectErrorStream(true);
    // The build's environment, as sh has it: never this process's own, which holds the host's
    // sign-in settings and, under tagship serve, the dashboard's token.
    builder.environment().clear();
    builder.environment().putAll(context.env());
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
      context.log().println(output.strip());
      throw new BlockFailedException("verify: `" + check + "` failed", null);
    }
  }

  /** The block's failure, after the rollback (or the decision not to roll back). */
  static final class BlockFailedException extends TagshipException {
    BlockFailedException(String message, Throwable cause) {
      super(message, false, cause);
    }
  }
}
