package dev.tagship.cli;

import dev.tagship.core.SecretMasker;
import dev.tagship.image.CacheDirectory;
import dev.tagship.image.ImageLabels;
import dev.tagship.image.ImagePublisher;
import dev.tagship.image.ImageSource;
import dev.tagship.image.PublishRequest;
import dev.tagship.image.PublishResult;
import dev.tagship.image.RegistryAccess;
import dev.tagship.image.RegistryEnvironment;
import dev.tagship.steps.StepLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tagship push}: publish an image to ACR or any OCI registry, with no Docker daemon unless
 * the image is read from one.
 */
@Command(
    name = "push",
    mixinStandardHelpOptions = true,
    description = {
      "Publishes an image as it is (same digest) under its tags: version tags first, verified,"
          + " then floating tags such as latest.",
      "SOURCE is docker-archive:PATH, oci-archive:PATH, oci:DIR[:REF] or docker-daemon:IMAGE;"
          + " --from REGISTRY/REPOSITORY:TAG promotes an image between registries by digest.",
      "docker-daemon:IMAGE reads the image from the Docker daemon at DOCKER_HOST"
          + " (unix:///PATH/docker.sock or tcp://HOST:PORT, TLS with DOCKER_TLS_VERIFY and"
          + " DOCKER_CERT_PATH), else /var/run/docker.sock.",
      "Sign-in: TAGSHIP_REGISTRY_USERNAME and TAGSHIP_REGISTRY_PASSWORD, --username with"
          + " --password-stdin, or a Docker config.json (DOCKER_CONFIG or ~/.docker)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:published (or already was)", "1:the push failed", "2:bad usage"})
final class PushCommand implements Callable<Integer> {

  private final CliContext context;

  @Parameters(arity = "0..1", paramLabel = "SOURCE", description = "The image to publish.")
  String image;

  @Option(names = "--from", paramLabel = "REF", description = "Promote REGISTRY/REPOSITORY:TAG.")
  String from;

  @Option(
      names = "--base",
      paramLabel = "IMAGE",
      description = "Build without a daemon on this base image.")
  String base;

  @Option(
      names = "--add",
      paramLabel = "SRC:/DIR/",
      description = "With --base: a file to add (repeatable), one layer per folder.")
  List<String> add = new ArrayList<>();

  @Option(
      names = "--entrypoint",
      paramLabel = "ARG",
      description = "With --base: the entrypoint, one argument per option.")
  List<String> entrypoint = new ArrayList<>();

  @Option(
      names = "--env",
      paramLabel = "K=V",
      description = "With --base: an environment variable (repeatable).")
  Map<String, String> environment = new LinkedHashMap<>();

  @Option(
      names = "--expose",
      paramLabel = "PORT",
      description = "With --base: a port to expose, e.g. 8080 or 53/udp.")
  List<String> expose = new ArrayList<>();

  @Option(
      names = "--label",
      paramLabel = "K=V",
      description =
          "With --base: a label; revision, source and version come from git and the tags.")
  Map<String, String> labels = new LinkedHashMap<>();

  @Option(
      names = "--user",
      paramLabel = "USER",
      description = "With --base: the user the container runs as.")
  String user;

  @Option(
      names = "--registry",
      required = true,
      paramLabel = "HOST",
      description = "Target registry, e.g. myreg.azurecr.io.")
  String registry;

  @Option(
      names = "--repository",
      paramLabel = "NAME",
      description = "Target repository (default: the --from repository).")
  String repository;

  @Option(
      names = "--tag",
      paramLabel = "TAG",
      description = "Tag to write (repeatable); version tags are immutable.")
  List<String> tags = new ArrayList<>();

  @Option(names = "--plain-http", description = "The registry speaks plain HTTP.")
  boolean plainHttp;

  @Option(
      names = "--ca-file",
      paramLabel = "FILE",
      description = "Trust this CA (PEM) for the registry.")
  Path caFile;

  @Option(
      names = "--insecure-skip-tls-verify",
      description = "Accept any certificate (not recommended).")
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
          "Sign in with Microsoft Entra ID (automatic for *.azurecr.io when an Azure identity is"
              + " configured).")
  boolean azureSignIn;

  @Option(
      names = "--azure-tenant",
      paramLabel = "ID",
      description = "Entra tenant for --azure-sign-in.")
  String azureTenant;

  @Option(
      names = "--docker-config",
      paramLabel = "FILE",
      description = "Docker config.json with auths (default: DOCKER_CONFIG or ~/.docker).")
  Path dockerConfig;

  @Option(
      names = "--parallel",
      paramLabel = "N",
      defaultValue = "4",
      description = "Blobs moved at once (default: ${DEFAULT-VALUE}).")
  int parallel;

  @Option(
      names = "--output",
      paramLabel = "text|json",
      defaultValue = "text",
      description = "Print the digest reference (text) or the whole result (json).")
  OutputFormat output;

  PushCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws IOException {
    RegistrySignInOptions.Access signedIn =
        RegistrySignInOptions.signIn(
            context,
            registry,
            azureTenant,
            context.log(SecretMasker.none()),
            new RegistrySignInOptions.Settings(
                plainHttp, caFile, insecure, username, passwordStdin, azureSignIn, dockerConfig));
    StepLog log = signedIn.log();
    RegistryAccess access = signedIn.access();
    ImageSource source =
        base != null
            ? build()
            : RegistryEnvironment.source(image, from, context.workingDirectory(), context.env());
    PublishResult result =
        new ImagePublisher(log)
            .publish(
                new PublishRequest(source, registry, repository, tags, access, null, parallel));
    log.println(
        (result.unchanged() ? "Unchanged: " : "Published: ")
            + result.reference()
            + " as "
            + String.join(", ", result.tags())
            + " ("
            + result.bytesUploaded()
            + " bytes uploaded)");
    output.print(context.out(), result.reference(), result);
    return 0;
  }

  private ImageSource build() {
    if (image != null || from != null) {
      throw new UsageException("--base builds an image: give no SOURCE and no --from with it");
    }
    List<ImageSource.FileToAdd> files = new ArrayList<>();
    for (String file : add) {
      files.add(ImageSource.FileToAdd.parse(file, context.workingDirectory()));
    }
    return new ImageSource.Build(
        base,
        files,
        entrypoint,
        environment,
        expose,
        ImageLabels.defaults(context.workingDirectory(), tags, labels),
        user,
        CacheDirectory.of(context.env()));
  }
}
