package dev.tagship.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import dev.tagship.sandbox.kube.KubeApiStandIn;
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

class DeployCommandTest {

  @TempDir static Path temp;
  static KubeApiStandIn kube;

  final Map<String, String> env = new HashMap<>();
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeAll
  static void startCluster() {
    kube = KubeApiStandIn.start();
    kube.kubeconfig(temp.resolve("kubeconfig"));
    kube.certificateAuthorityPem();
    Helm.create().withName("shop").withDir(temp).call();
  }

  @AfterAll
  static void stopCluster() {
    kube.close();
  }

  private int tagship(String... args) {
    CliContext context =
        new CliContext(
            env,
            temp,
            InputStream.nullInputStream(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return Main.run(context, args);
  }

  @Test
  void deploysAndPrintsTheVerifiedRevisionAsJson() throws Exception {
    int exit =
        tagship(
            "deploy",
            "--release",
            "shop",
            "--chart",
            "shop",
            "--namespace",
            "development",
            "--create-namespace",
            "--image-tag",
            "1.27.1",
            "--kubeconfig",
            "kubeconfig",
            "--timeout",
            "60s",
            "--output",
            "json");

    assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
    JsonNode json = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    assertThat(json.get("revision").asInt()).isEqualTo(1);
    assertThat(json.at("/verification/outcome").asText()).isEqualTo("SUCCEEDED");
  }

  @Test
  void failedRolloutExitsWithOneAndNamesThePodAndReason() {
    env.put("TAGSHIP_KUBE_TOKEN", kube.token());
    java.nio.file.Path ca = temp.resolve("ca.pem");
    try {
      java.nio.file.Files.writeString(ca, kube.certificateAuthorityPem());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }

    int exit =
        tagship(
            "deploy",
            "--release",
            "shop",
            "--chart",
            "shop",
            "--namespace",
            "broken",
            "--create-namespace",
            "--image-tag",
            "2.0.0-crash",
            "--server",
            kube.url(),
            "--ca-file",
            "ca.pem",
            "--timeout",
            "60s");

    assertThat(exit).isEqualTo(Main.FAILURE);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("CrashLoopBackOff")
        .doesNotContain(kube.token());
  }

  @Test
  void historyShowsVerdictsAndRollbackRestoresTheLastGoodRevision() {
    String[] common = {"--release", "shop", "--namespace", "hist", "--kubeconfig", "kubeconfig"};
    assertThat(deploy(common, "1.27.1")).isZero();
    assertThat(deploy(common, "1.28.0-crash")).isEqualTo(Main.FAILURE);
    out.reset();

    assertThat(tagship(concat(new String[] {"rollback", "--timeout", "60s"}, common))).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("rolled back from revision 2 to 1 (now revision 3)");
    out.reset();
    assertThat(tagship(concat(new String[] {"history"}, common))).isZero();

    String table = out.toString(StandardCharsets.UTF_8);
    assertThat(table.lines().toList()).hasSize(4).first().asString().startsWith("REVISION  STATUS");
    assertThat(table.lines().skip(1).map(line -> line.split("\\s+")[4]).toList())
        .containsExactly("yes", "no", "yes");
    assertThat(table).contains("1.27.1").contains("1.28.0-crash");
  }

  private int deploy(String[] common, String tag) {
    return tagship(
        concat(
            new String[] {
              "deploy",
              "--chart",
              "shop",
              "--create-namespace",
              "--timeout",
              "60s",
              "--image-tag",
              tag
            },
            common));
  }

  private static String[] concat(String[] first, String[] second) {
    String[] all = java.util.Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, all, first.length, second.length);
    return all;
  }

  @Test
  void serverWithoutATokenIsAUsageError() {
    int exit =
        tagship(
            "deploy", "--release", "shop", "--chart", "shop", "--server", "https://127.0.0.1:1");

    assertThat(exit).isEqualTo(Main.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("TAGSHIP_KUBE_TOKEN");
  }

  @Test
  void aksNamesTogetherWithAKubeconfigAreAUsageError() {
    int exit =
        tagship(
            "deploy",
            "--release",
            "shop",
            "--chart",
            "shop",
            "--kubeconfig",
            "kubeconfig",
            "--aks-subscription",
            "sub",
            "--aks-resource-group",
            "rg",
            "--aks-cluster",
            "aks-dev");

    assertThat(exit).isEqualTo(Main.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("give the cluster either by AKS name")
        .contains("not both");
  }
}
