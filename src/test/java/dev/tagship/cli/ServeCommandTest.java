package dev.tagship.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tagship serve} has no default password: without a token it does not start; nor does it
 * start with a {@code --cluster} it cannot use.
 */
// A command line that wrongly passes starts the server, which serves until stopped.
@Timeout(30)
class ServeCommandTest {

  private static final String TOKEN = "a-serve-token-long-enough-0123456789";

  /** Two clusters, two contexts; green is current. */
  private static final String KUBECONFIG =
      """
      apiVersion: v1
      kind: Config
      clusters:
      - name: blue
        cluster: {server: "https://127.0.0.1:1"}
      - name: green
        cluster: {server: "https://127.0.0.1:2"}
      users:
      - name: me
        user: {token: not-a-real-one}
      contexts:
      - name: blue
        context: {cluster: blue, user: me}
      - name: green
        context: {cluster: green, user: me}
      current-context: green
      """;

  @TempDir Path home;

  private CliContext context(Map<String, String> env, ByteArrayOutputStream err) {
    return new CliContext(
        env,
        home,
        InputStream.nullInputStream(),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private CliContext context(ByteArrayOutputStream err) {
    return context(Map.of("HOME", home.toString()), err);
  }

  private int serve(Map<String, String> env, ByteArrayOutputStream err, String... args) {
    CliContext context = context(env, err);
    String[] command = new String[args.length + 1];
    command[0] = "serve";
    System.arraycopy(args, 0, command, 1, args.length);
    return Main.run(context, command);
  }

  @Test
  void refusesToStartWithoutATokenAndSaysHowToGiveOne() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int exit = serve(Map.of("HOME", home.toString()), err, "--port", "0");

    assertThat(exit).isEqualTo(Main.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("TAGSHIP_UI_TOKEN")
        .contains("--token-file");
  }

  @Test
  void refusesAShortTokenFromAFileWithoutEverPrintingIt() throws Exception {
    Path token = Files.writeString(home.resolve("token"), "tiny-secret\n");
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int exit = serve(Map.of("HOME", home.toString()), err, "--port", "0", "--token-file", "token");

    assertThat(exit).isEqualTo(Main.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("too short")
        .doesNotContain("tiny-secret");
    assertThat(token).exists();
  }

  @Test
  void aClusterNotWrittenNameEqualsKubeconfigIsAUsageErrorShowingTheForm() {
    assertThat(refusedAsUsage("--cluster", "prod"))
        .contains("--cluster wants NAME=KUBECONFIG[#CONTEXT]")
        .contains("not 'prod'");
  }

  @Test
  void aClusterNameWithSpacesIsAUsageErrorSayingWhatANameMayHold() throws Exception {
    kubeconfig("kubeconfig");
    assertThat(refusedAsUsage("--cluster", "my prod=kubeconfig"))
        .contains("the name 'my prod' may hold only letters, digits");
  }

  @Test
  void aMissingKubeconfigFileIsAUsageErrorNamingTheClusterAndTheFile() {
    assertThat(refusedAsUsage("--cluster", "prod=missing.yaml"))
        .contains("--cluster prod: there is no readable kubeconfig file at")
        .contains(home.resolve("missing.yaml").toString());
  }

  @Test
  void aContextTheKubeconfigLacksIsAUsageErrorListingTheContextsItHas() throws Exception {
    kubeconfig("kubeconfig");
    assertThat(refusedAsUsage("--cluster", "prod=kubeconfig#purple"))
        .contains("--cluster prod")
        .contains("no context 'purple'")
        .contains("its contexts are blue, green");
  }

  @Test
  void twoClustersWithTheSameNameAreAUsageErrorNamingBoth() throws Exception {
    kubeconfig("kubeconfig");
    assertThat(
            refusedAsUsage(
                "--cluster", "prod=kubeconfig#blue", "--cluster", "prod=kubeconfig#green"))
        .contains("two clusters are named prod")
        .contains("--cluster prod=kubeconfig#blue and --cluster prod=kubeconfig#green");
  }

  @Test
  void theKubeconfigOptionsClusterClashingWithAClusterNameIsAUsageError() throws Exception {
    kubeconfig("kubeconfig");
    assertThat(refusedAsUsage("--cluster", "green=kubeconfig", "--kubeconfig", "kubeconfig"))
        .contains("two clusters are named green")
        .contains("--kubeconfig kubeconfig");
  }

  @Test
  void theKubeconfigOptionAddsOneMoreClusterNamedAfterItsCurrentContext() throws Exception {
    kubeconfig("kubeconfig");
    ClusterOptions single = new ClusterOptions();
    single.kubeconfig = Path.of("kubeconfig");

    ServeClusters.Chosen chosen =
        ServeClusters.resolve(
            context(new ByteArrayOutputStream()), List.of("b=~/kubeconfig#blue"), single);

    assertThat(chosen.problem()).isNull();
    assertThat(chosen.clusters()).extracting(c -> c.name()).containsExactly("b", "green");
    assertThat(chosen.clusters().get(0).access().currentContext()).isEqualTo("blue");
    assertThat(chosen.clusters().get(1).access().currentContext()).isEqualTo("green");
  }

  @Test
  void bindingBeyondLoopbackWithoutTlsIsAUsageErrorSayingWhyAndHow() {
    assertThat(refusedAsUsage("--port", "0", "--bind", "0.0.0.0"))
        .contains("--bind 0.0.0.0")
        .contains("plain HTTP")
        .contains("--tls-cert FILE --tls-key FILE")
        .contains("--public-url https://")
        .doesNotContain(TOKEN);
  }

  @Test
  void aTlsCertificateWithoutItsKeyOrAPublicUrlThatIsNoUrlIsAUsageError() {
    assertThat(refusedAsUsage("--port", "0", "--tls-cert", "cert.pem"))
        .contains("--tls-cert and --tls-key go together");
    assertThat(refusedAsUsage("--port", "0", "--public-url", "https://exa mple.com/"))
        .contains("--public-url https://exa mple.com/ is not a URL");
  }

  @Test
  void aTlsKeyFileThatCannotBeReadIsAUsageErrorNamingIt() throws Exception {
    Path certificate = Files.writeString(home.resolve("cert.pem"), "not a certificate\n");
    assertThat(
            refusedAsUsage(
                "--port", "0", "--tls-cert", certificate.toString(), "--tls-key", "missing.pem"))
        .contains("--tls-");
  }

  private void kubeconfig(String name) throws Exception {
    Files.writeString(home.resolve(name), KUBECONFIG);
  }

  /** What {@code tagship serve} with a good token and {@code args} says as it exits with 2. */
  private String refusedAsUsage(String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        serve(Map.of("HOME", home.toString(), ServeCommand.TOKEN_VARIABLE, TOKEN), err, args);
    String said = err.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(said).isEqualTo(Main.USAGE);
    return said;
  }
}
