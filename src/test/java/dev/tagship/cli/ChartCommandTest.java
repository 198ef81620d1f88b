package dev.tagship.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tagship.sandbox.kube.KubeApiStandIn;
import dev.tagship.testing.RegistryFixture;
import dev.tagship.testing.TestCharts;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tagship chart push, then tagship deploy --chart oci://..., against a registry with sign-in. */
class ChartCommandTest {

  @TempDir static Path temp;
  static KubeApiStandIn kube;
  static RegistryFixture registry;

  final Map<String, String> env = new HashMap<>();
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeAll
  static void start() {
    kube = KubeApiStandIn.start();
    kube.kubeconfig(temp.resolve("kubeconfig"));
    registry = RegistryFixture.start(temp.resolve("registry"), RegistryFixture.Mode.BASIC_AUTH);
    TestCharts.deployment(temp, "shop");
  }

  @AfterAll
  static void stop() {
    kube.close();
    registry.close();
  }

  private int tagship(String stdin, String... args) {
    CliContext context =
        new CliContext(
            env,
            temp,
            stdin == null
                ? InputStream.nullInputStream()
                : new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return Main.run(context, args);
  }

  @Test
  void pushedChartFolderDeploysFromTheRegistryWithTheSameSignInAsPush() {
    env.put("TAGSHIP_REGISTRY_USERNAME", RegistryFixture.USERNAME);
    env.put("TAGSHIP_REGISTRY_PASSWORD", RegistryFixture.PASSWORD);

    int pushed =
        tagship(null, "chart", "push", "shop", "--registry", registry.host(), "--plain-http");

    assertThat(pushed).as(err.toString(StandardCharsets.UTF_8)).isZero();
    String reference = "oci://" + registry.host() + "/helm/shop";
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(reference + " 0.1.0\n");
    int deployed =
        tagship(
            null,
            "deploy",
            "--release",
            "shop",
            "--chart",
            reference,
            "--chart-version",
            "0.1.0",
            "--plain-http",
            "--namespace",
            "from-oci",
            "--create-namespace",
            "--image-tag",
            "1.27.1",
            "--kubeconfig",
            "kubeconfig",
            "--timeout",
            "60s");
    assertThat(deployed).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(kube.deploymentImage("from-oci", "shop")).isEqualTo("nginx:1.27.1");
    assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain(RegistryFixture.PASSWORD);
  }

  @Test
  void wrongRegistryPasswordFailsWithWhatToDoAndNeverPrintsIt() {
    int exit =
        tagship(
            "wrong-password-7",
            "deploy",
            "--release",
            "shop",
            "--chart",
            "oci://" + registry.host() + "/helm/shop",
            "--chart-version",
            "0.1.0",
            "--plain-http",
            "--username",
            RegistryFixture.USERNAME,
            "--password-stdin",
            "--namespace",
            "denied",
            "--kubeconfig",
            "kubeconfig");

    assertThat(exit).isEqualTo(Main.FAILURE);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("refused the credentials (401 Unauthorized)")
        .doesNotContain("wrong-password-7");
  }

  @Test
  void usernameWithoutPasswordStdinIsAUsageError() {
    int exit =
        tagship(
            null, "chart", "push", "shop", "--registry", registry.host(), "--username", "someone");

    assertThat(exit).isEqualTo(Main.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--username needs --password-stdin");
  }
}
