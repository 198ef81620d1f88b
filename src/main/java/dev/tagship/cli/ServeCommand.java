package dev.tagship.cli;

import dev.tagship.deploy.Durations;
import dev.tagship.pipeline.store.StoreLocation;
import dev.tagship.web.Dashboard;
import dev.tagship.web.DashboardCluster;
import dev.tagship.web.DashboardConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tagship serve}: the dashboard of runs and releases, with a rollback button. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serves the dashboard: recorded runs with their stages and live log, Build with Parameters"
          + " for the pipelines in --pipelines, pending inputs, and the releases of the"
          + " --namespace(s) of each --cluster with their history and a rollback button; a JSON"
          + " API and /metrics.",
      "Sign-in token from TAGSHIP_UI_TOKEN or --token-file (required; never on the command"
          + " line)."
    })
final class ServeCommand implements Callable<Integer> {

  static final String TOKEN_VARIABLE = "TAGSHIP_UI_TOKEN";

  private final CliContext context;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "8080",
      description = "Port to listen on (default: ${DEFAULT-VALUE}; 0 for any free port).")
  int port;

  @Option(
      names = "--bind",
      paramLabel = "ADDRESS",
      defaultValue = "127.0.0.1",
      description = {
        "Address to listen on (default: ${DEFAULT-VALUE}, this machine only). Any other address"
            + " needs --tls-cert and --tls-key, or --public-url https://...: the token and the"
            + " session cookie never cross a network in clear text."
      })
  String bind;

  @Option(
      names = "--tls-cert",
      paramLabel = "FILE",
      description =
          "Serve HTTPS with this PEM certificate chain (the server's certificate first), with"
              + " --tls-key; the session cookie is then Secure.")
  Path tlsCertificate;

  @Option(
      names = "--tls-key",
      paramLabel = "FILE",
      description = "The unencrypted PEM private key of --tls-cert (keep it chmod 600).")
  Path tlsKey;

  @Option(
      names = "--public-url",
      paramLabel = "URL",
      description = {
        "The address people open, when a proxy stands in front, e.g."
            + " https://tagship.example.com/: the dashboard then also answers to that host, accepts"
            + " that origin, and with https (TLS ends at the proxy) marks the session cookie"
            + " Secure."
      })
  String publicUrl;

  @Option(
      names = "--pipelines",
      paramLabel = "DIR",
      description = "Each DIR/<name>/Jenkinsfile is the pipeline <name>, run in DIR/<name>.")
  Path pipelines;

  @Option(
      names = "--library",
      paramLabel = "[NAME=]DIR",
      description = "A shared library folder for the pipelines' @Library; repeatable.")
  List<String> libraries = List.of();

  @Option(
      names = "--credentials",
      paramLabel = "FILE",
      description =
          "Credentials for the pipelines' credentials('id'): a JCasC YAML file (default:"
              + " $TAGSHIP_CREDENTIALS).")
  Path credentials;

  @Option(
      names = "--store",
      paramLabel = "FILE",
      description = "The run history (default: as tagship run records it).")
  Path store;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      description =
          "File holding the sign-in token, or one NAME:TOKEN line per person so that rollbacks"
              + " and answered inputs are recorded under the token's name (default: $"
              + TOKEN_VARIABLE
              + ").")
  Path tokenFile;

  @Option(
      names = "--cluster",
      paramLabel = ServeClusters.FORM,
      description = {
        "A cluster whose releases are shown, called NAME on the page, in the API and in"
            + " /metrics: KUBECONFIG's current context, or the #CONTEXT named. Repeatable; each"
            + " NAME once.",
        "May be combined with --kubeconfig, --server or --aks-*: their cluster is one more,"
            + " named after its kubeconfig's current context (default for --server and a"
            + " kubeconfig without one)."
      })
  List<String> clusters = List.of();

  @Mixin ClusterOptions cluster;

  @Option(
      names = "--namespace",
      paramLabel = "NAMESPACE",
      description = "A namespace whose releases are shown; repeatable (default: default).")
  List<String> namespaces = List.of();

  @Option(
      names = "--rollout-timeout",
      paramLabel = "DURATION",
      defaultValue = "5m",
      description = "Rollout timeout of rollbacks started here (default: ${DEFAULT-VALUE}).")
  String rolloutTimeout;

  ServeCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    String token = token();
    ServeClusters.Chosen chosen = ServeClusters.resolve(context, clusters, cluster);
    DashboardConfig config;
    try {
      config =
          new DashboardConfig(
              bind,
              port,
              token,
              pipelines == null ? null : context.resolve(pipelines),
              RunCommand.libraryFolders(context, libraries),
              store == null ? StoreLocation.of(context.env()) : context.resolve(store),
              chosen.clusters(),
              chosen.problem(),
              namespaces,
              Durations.parse(rolloutTimeout),
              runEnvironment(),
              credentialsFile(),
              Clock.systemUTC(),
              tlsCertificate == null ? null : context.resolve(tlsCertificate),
              tlsKey == null ? null : context.resolve(tlsKey),
              publicUrl());
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    if (config.pipelines() != null && !Files.isDirectory(config.pipelines())) {
      throw new UsageException(
          "--pipelines "
              + pipelines
              + " is not a folder (each <name>/Jenkinsfile in it is a pipeline)");
    }
    Dashboard started;
    try {
      started = Dashboard.start(config);
    } catch (IllegalArgumentException e) {
      // a TLS certificate or key that cannot be used: the command line's fault
      throw new UsageException(e.getMessage());
    }
    try (Dashboard dashboard = started) {
      context.out().println("tagship serve: " + dashboard.url() + " (sign in with the token)");
      if (chosen.problem() != null) {
        context.err().println("tagship serve: " + chosen.problem());
      } else {
        context
            .out()
            .println(
                "tagship serve: releases of namespace(s) "
                    + String.join(", ", config.namespaces())
                    + " in cluster(s) "
                    + String.join(
                        ", ", chosen.clusters().stream().map(DashboardCluster::name).toList()));
      }
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      dashboard.stop();
                    } catch (RuntimeException e) {
                      // the process ends anyway
                    }
                  }));
      dashboard.join();
    }
    return 0;
  }

  private URI publicUrl() {
    if (publicUrl == null) {
      return null;
    }
    try {
      return new URI(publicUrl);
    } catch (URISyntaxException e) {
      throw new UsageException(
          "--public-url " + publicUrl + " is not a URL (such as https://tagship.example.com/)");
    }
  }

  /** What runs started here see: this process's environment less the dashboard's tokens. */
  private Map<String, String> runEnvironment() {
    Map<String, String> environment = new LinkedHashMap<>(context.env());
    environment.remove(TOKEN_VARIABLE);
    return environment;
  }

  private String token() throws IOException {
    if (tokenFile != null) {
      Path file = context.resolve(tokenFile);
      if (!Files.isReadable(file)) {
        throw new UsageException("--token-file " + tokenFile + " cannot be read");
      }
      warnWhenOthersCanRead(file);
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    }
    String token = context.env().get(TOKEN_VARIABLE);
    if (token == null || token.isBlank()) {
      throw new UsageException(
          "tagship serve needs a sign-in token and has no default: set "
              + TOKEN_VARIABLE
              + " or give --token-file FILE (for instance: openssl rand -hex 32 > token; chmod"
              + " 600 token)");
    }
    return token.strip();
  }

  private void warnWhenOthersCanRead(Path file) {
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
      if (permissions.contains(PosixFilePermission.GROUP_READ)
          || permissions.contains(PosixFilePermission.OTHERS_READ)) {
        context
            .err()
            .println(
                "tagship serve: WARNING: others can read the token file "
                    + tokenFile
                    + "; chmod 600 it");
      }
    } catch (UnsupportedOperationException | IOException e) {
      // not a POSIX file system: nothing to check
    }
  }

  /**
   * The credentials file runs read, checked now (a mistake in it shows at start, not at the first
   * run); null for none, and runs then read $TAGSHIP_CREDENTIALS as {@code tagship run} does.
   */
  private Path credentialsFile() {
    RunCommand.credentials(context, credentials);
    return credentials == null ? null : context.resolve(credentials);
  }
}
