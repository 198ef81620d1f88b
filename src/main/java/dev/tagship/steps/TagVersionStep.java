package dev.tagship.steps;

import dev.tagship.steps.Credential.UsernamePassword;
import dev.tagship.version.BumpStrategy;
import dev.tagship.version.GitCredentials;
import dev.tagship.version.GitEnvironment;
import dev.tagship.version.SemVer;
import dev.tagship.version.VersionRequest;
import dev.tagship.version.VersionResult;
import dev.tagship.version.Versioner;
import java.util.List;

/**
 * {@code def v = tagVersion(bump: 'minor', component: 'web', path: 'web/')}: the version of the
 * build from git tags; tags and pushes it on a release branch. Returns a value that reads as the
 * version and has the result's fields ({@code v.tag}, {@code v.changed}, ...).
 */
public final class TagVersionStep implements Step<TagVersionParameters> {

  @Override
  public String name() {
    return "tagVersion";
  }

  @Override
  public Class<TagVersionParameters> parameterType() {
    return TagVersionParameters.class;
  }

  @Override
  public Object run(TagVersionParameters parameters, StepContext context, StepBody body) {
    StepLog log = context.log();
    GitCredentials credentials = GitEnvironment.credentials(context.tagshipEnv());
    if (parameters.credentialsId() != null) {
      UsernamePassword credential =
          context.credentials().require(parameters.credentialsId(), UsernamePassword.class);
      credentials = new GitCredentials(credential.username(), credential.password());
      log = log.masking(credential.secrets());
    }
    boolean tag = parameters.tag() == null || parameters.tag();
    VersionRequest request =
        VersionRequest.builder(context.resolve(parameters.dir()))
            .component(parameters.component())
            .paths(parameters.path() == null ? List.of() : parameters.path())
            .tagPrefix(parameters.tagPrefix())
            .bump(parameters.bump() == null ? null : BumpStrategy.parse(parameters.bump()))
            .initial(parameters.initial() == null ? null : SemVer.parse(parameters.initial()))
            .releaseBranch(parameters.releaseBranch())
            .tag(tag)
            .push(parameters.push() == null ? tag : parameters.push())
            .remote(parameters.remote())
            .branch(GitEnvironment.branch(context.tagshipEnv()))
            .buildUrl(GitEnvironment.buildUrl(context.tagshipEnv()))
            .credentials(credentials)
            .credentialsFile(GitEnvironment.credentialsFile(context.tagshipEnv()))
            .build();
    VersionResult result = new Versioner(log).version(request);
    log.println("tagVersion: " + result.version() + describe(result));
    return StepValue.of(result.version(), result);
  }

  private static String describe(VersionResult result) {
    if (result.pushed()) {
      return " (tagged and pushed " + result.tag() + ")";
    }
    if (result.created()) {
      return " (tagged " + result.tag() + ")";
    }
    return result.changed() ? "" : " (unchanged since " + result.previousTag() + ")";
  }
}
