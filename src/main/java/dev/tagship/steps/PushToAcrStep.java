package dev.tagship.steps;

import dev.tagship.azure.RegistrySignIn;
import dev.tagship.image.CacheDirectory;
import dev.tagship.image.ImageLabels;
import dev.tagship.image.ImagePublisher;
import dev.tagship.image.ImageSource;
import dev.tagship.image.PublishRequest;
import dev.tagship.image.PublishResult;
import dev.tagship.image.RegistryAccess;
import dev.tagship.image.RegistryCredentials;
import dev.tagship.image.RegistryEnvironment;
import dev.tagship.steps.Credential.UsernamePassword;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code pushToAcr(registry: 'myreg.azurecr.io', repository: 'shop', tags: [v, 'latest'], image:
 * 'docker-archive:app.tar')}: publishes the image (from a Docker daemon only for docker-daemon:).
 * Returns a value that reads as {@code registry/repository@digest} and has the result's fields.
 */
public final class PushToAcrStep implements Step<PushToAcrParameters> {

  @Override
  public String name() {
    return "pushToAcr";
  }

  @Override
  public Class<PushToAcrParameters> parameterType() {
    return PushToAcrParameters.class;
  }

  @Override
  public Object run(PushToAcrParameters parameters, StepContext context, StepBody body) {
    StepLog log = context.log();
    RegistryCredentials explicit = null;
    if (parameters.credentialsId() != null) {
      UsernamePassword credential =
          context.credentials().require(parameters.credentialsId(), UsernamePassword.class);
      explicit = new RegistryCredentials(credential.username(), credential.password());
    }
    String caFile = parameters.caFile();
    RegistryCredentials credentials =
        new RegistrySignIn()
            .credentials(
                parameters.registry(),
                context.tagshipEnv(),
                explicit,
                Boolean.TRUE.equals(parameters.azureSignIn()),
                parameters.azureTenant(),
                Boolean.TRUE.equals(parameters.plainHttp()),
                caFile == null ? null : context.resolve(caFile),
                log);
    if (credentials != null) {
      log = log.masking(java.util.List.of(credentials.password()));
    }
    RegistryAccess access =
        new RegistryAccess(
            Boolean.TRUE.equals(parameters.plainHttp()),
            caFile == null ? null : context.resolve(caFile),
            Boolean.TRUE.equals(parameters.insecureSkipTlsVerify()),
            credentials,
            RegistryEnvironment.dockerConfig(context.tagshipEnv()));
    PublishRequest request =
        new PublishRequest(
            source(parameters, context),
            parameters.registry(),
            parameters.repository(),
            parameters.tags(),
            access,
            null,
            parameters.parallel() == null ? 4 : parameters.parallel());
    PublishResult result = new ImagePublisher(log).publish(request);
    log.println(
        "pushToAcr: "
            + result.reference()
            + " as "
            + String.join(", ", result.tags())
            + (result.unchanged() ? " (already published)" : ""));
    return StepValue.of(result.reference(), result);
  }

  private static ImageSource source(PushToAcrParameters parameters, StepContext context) {
    if (parameters.base() == null) {
      return RegistryEnvironment.source(
          parameters.image(), parameters.from(), context.workspace(), context.tagshipEnv());
    }
    if (parameters.image() != null || parameters.from() != null) {
      throw new StepException("pushToAcr: base builds an image; give no image and no from with it");
    }
    List<ImageSource.FileToAdd> files = new ArrayList<>();
    for (String file : parameters.add() == null ? List.<String>of() : parameters.add()) {
      files.add(ImageSource.FileToAdd.parse(file, context.workspace()));
    }
    List<String> tags = parameters.tags() == null ? List.of() : parameters.tags();
    return new ImageSource.Build(
        parameters.base(),
        files,
        parameters.entrypoint(),
        parameters.env(),
        parameters.expose(),
        ImageLabels.defaults(
            context.workspace(),
            tags,
            parameters.labels() == null ? Map.of() : parameters.labels()),
        parameters.user(),
        CacheDirectory.of(context.tagshipEnv()));
  }
}
