package dev.tagship.cli;

import dev.tagship.azure.RegistrySignIn;
import dev.tagship.image.RegistryAccess;
import dev.tagship.image.RegistryCredentials;
import dev.tagship.image.RegistryEnvironment;
import dev.tagship.steps.StepLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * How the chart commands reach and sign in to an OCI registry, as {@code tagship push} does; the CA
 * option is {@code --registry-ca-file} because {@code --ca-file} is the cluster's.
 */
final class RegistrySignInOptions {

  @Option(names = "--plain-http", description = "The chart registry speaks plain HTTP.")
  boolean plainHttp;

  @Option(
      names = "--registry-ca-file",
      paramLabel = "FILE",
      description = "Trust this CA (PEM) for the chart registry.")
  Path caFile;

  @Option(
      names = "--insecure-skip-tls-verify",
      description = "Accept any registry certificate (not recommended).")
  boolean insecure;

  @Option(
      names = "--username",
      paramLabel = "USER",
      description = "Registry user; the password comes from --password-stdin.")
  String username;

  @Option(
      names = "--password-stdin",
      description = "Read the registry password or token from standard input.")
  boolean passwordStdin;

  @Option(
      names = "--azure-sign-in",
      description =
          "Sign in to the registry with Microsoft Entra ID (automatic for *.azurecr.io when an"
              + " Azure identity is configured).")
  boolean azureSignIn;

  @Option(
      names = "--docker-config",
      paramLabel = "FILE",
      description = "Docker config.json with auths (default: DOCKER_CONFIG or ~/.docker).")
  Path dockerConfig;

  /**
   * Signs in to {@code registry} (explicit credentials, Entra ID, the environment, else a Docker
   * config.json) and returns how to reach it; the password is masked in {@code log} from then on.
   */
  Access resolve(CliContext context, String registry, String tenant, StepLog log) {
    return signIn(
        context,
        registry,
        tenant,
        log,
        new Settings(
            plainHttp, caFile, insecure, username, passwordStdin, azureSignIn, dockerConfig));
  }

  /** The registry options as a command gave them, whatever it names them. */
  record Settings(
      boolean plainHttp,
      Path caFile,
      boolean insecure,
      String username,
      boolean passwordStdin,
      boolean azureSignIn,
      Path dockerConfig) {}

  /** {@link #resolve} for commands that name the options their own way, as push does. */
  static Access signIn(
      CliContext context, String registry, String tenant, StepLog log, Settings settings) {
    Path ca = settings.caFile() == null ? null : context.resolve(settings.caFile());
    RegistryCredentials credentials =
        new RegistrySignIn()
            .credentials(
                registry,
                context.env(),
                explicitCredentials(context, settings),
                settings.azureSignIn(),
                tenant,
                settings.plainHttp(),
                ca,
                log);
    StepLog masked =
        credentials == null ? log : log.masking(java.util.List.of(credentials.password()));
    return new Access(
        new RegistryAccess(
            settings.plainHttp(),
            ca,
            settings.insecure(),
            credentials,
            settings.dockerConfig() != null
                ? context.resolve(settings.dockerConfig())
                : RegistryEnvironment.dockerConfig(context.env())),
        masked);
  }

  /** The registry access, and the log that now masks its password. */
  record Access(RegistryAccess access, StepLog log) {}

  private static RegistryCredentials explicitCredentials(CliContext context, Settings settings) {
    if (settings.passwordStdin()) {
      if (settings.username() == null) {
        throw new UsageException("--password-stdin needs --username");
      }
      try {
        String password = new String(context.in().readAllBytes(), StandardCharsets.UTF_8).strip();
        return new RegistryCredentials(settings.username(), password);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (settings.username() != null) {
      throw new UsageException(
          "--username needs --password-stdin: passwords are never taken on the command line");
    }
    return null;
  }
}
