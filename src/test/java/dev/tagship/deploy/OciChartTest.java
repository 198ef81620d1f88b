package dev.tagship.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import dev.tagship.core.Event;
import dev.tagship.image.ChartPushResult;
import dev.tagship.image.ImageException;
import dev.tagship.image.RegistryAccess;
import dev.tagship.image.RegistryCredentials;
import dev.tagship.sandbox.kube.KubeApiStandIn;
import dev.tagship.testing.RegistryFixture;
import dev.tagship.testing.TestCharts;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Charts as OCI artifacts in a real registry (Debian's docker-registry), pushed by tagship or by
 * Helm itself, and deployed from {@code oci://} by real Helm to the API stand-in.
 */
class OciChartTest {

  @TempDir static Path temp;
  static KubeApiStandIn kube;
  static RegistryFixture registry;
  static RegistryFixture lockedRegistry;
  static Path chart;

  final List<Event> events = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    kube = KubeApiStandIn.start();
    registry = RegistryFixture.start(temp.resolve("registry"), RegistryFixture.Mode.PLAIN);
    lockedRegistry = RegistryFixture.start(temp.resolve("locked"), RegistryFixture.Mode.BASIC_AUTH);
    chart = TestCharts.deployment(temp.resolve("charts"), "shop");
  }

  @AfterAll
  static void stop() {
    kube.close();
    registry.close();
    lockedRegistry.close();
  }

  private static RegistryAccess plainHttp(RegistryCredentials credentials) {
    return new RegistryAccess(true, null, false, credentials, null);
  }

  private DeployResult deploy(String reference, String namespace, RegistryAccess access) {
    return new ReleaseDeployer(events::add)
        .deploy(
            new DeployRequest(
                "shop",
                reference,
                "0.1.0",
                namespace,
                true,
                "1.27.1",
                null,
                List.of(),
                List.of(),
                Duration.ofSeconds(60),
                false,
                null,
                new ClusterAccess(kube.kubeconfigContents()),
                DeployRequest.DEFAULT_HISTORY_MAX,
                access,
                false));
  }

  @Test
  void chartFolderPushedByTagshipDeploysFromTheRegistryAndHelmReadsIt() {
    ChartPushResult pushed =
        new ChartPublisher(events::add).publish(chart, registry.host(), "helm", plainHttp(null));

    assertThat(pushed.reference()).isEqualTo("oci://" + registry.host() + "/helm/shop");
    assertThat(pushed.version()).isEqualTo("0.1.0");
    assertThat(pushed.unchanged()).isFalse();
    // Helm's own registry client reads what tagship pushed
    String rendered =
        Helm.template(pushed.reference()).withVersion("0.1.0").plainHttp().withName("shop").call();
    assertThat(rendered).contains("kind: Deployment");

    DeployResult result = deploy(pushed.reference(), "oci", plainHttp(null));

    assertThat(result.verification().succeeded()).isTrue();
    assertThat(kube.deploymentImage("oci", "shop")).isEqualTo("nginx:1.27.1");
    assertThat(events)
        .extracting(Event::message)
        .contains("Pulled chart " + pushed.reference() + " 0.1.0");
    assertThat(temp.getFileSystem().getPath(System.getProperty("java.io.tmpdir")))
        .isDirectoryNotContaining("glob:**/tagship-chart-*");
  }

  @Test
  void chartPushedByHelmItselfDeploysFromTheRegistry() throws Exception {
    Path packages = Files.createDirectories(temp.resolve("packages"));
    Path other = TestCharts.deployment(temp.resolve("helm-pushed"), "web");
    new Helm(other).packageIt().withDestination(packages).call();
    Helm.push()
        .withChart(packages.resolve("web-0.1.0.tgz"))
        .withRemote(URI.create("oci://" + registry.host() + "/charts"))
        .plainHttp()
        .call();

    DeployResult result =
        new ReleaseDeployer(events::add)
            .deploy(
                new DeployRequest(
                    "web",
                    "oci://" + registry.host() + "/charts/web:0.1.0",
                    null,
                    "helm-pushed",
                    true,
                    "1.27.1",
                    null,
                    List.of(),
                    List.of(),
                    Duration.ofSeconds(60),
                    false,
                    null,
                    new ClusterAccess(kube.kubeconfigContents()),
                    DeployRequest.DEFAULT_HISTORY_MAX,
                    plainHttp(null),
                    false));

    assertThat(result.verification().succeeded()).isTrue();
  }

  @Test
  void samePackagePushedAgainIsUnchangedAndAnotherChartWithTheSameVersionIsRefused()
      throws Exception {
    Path packages = Files.createDirectories(temp.resolve("immutable"));
    Path api = TestCharts.deployment(temp.resolve("api"), "api");
    new Helm(api).packageIt().withDestination(packages).call();
    Path archive = packages.resolve("api-0.1.0.tgz");
    ChartPublisher publisher = new ChartPublisher(events::add);
    ChartPushResult first = publisher.publish(archive, registry.host(), "helm", plainHttp(null));

    ChartPushResult again = publisher.publish(archive, registry.host(), "helm", plainHttp(null));

    assertThat(again.unchanged()).isTrue();
    assertThat(again.digest()).isEqualTo(first.digest());
    Files.writeString(
        api.resolve("Chart.yaml"),
        Files.readString(api.resolve("Chart.yaml")).replace("description:", "description: new"));
    assertThatThrownBy(() -> publisher.publish(api, registry.host(), "helm", plainHttp(null)))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("already holds a different chart api 0.1.0")
        .hasMessageContaining("bump version in Chart.yaml");
  }

  @Test
  void registryWithBasicAuthTakesTheRightCredentialsAndRefusesWrongOnesClearly() {
    RegistryCredentials right =
        new RegistryCredentials(RegistryFixture.USERNAME, RegistryFixture.PASSWORD);
    ChartPushResult pushed =
        new ChartPublisher(events::add)
            .publish(chart, lockedRegistry.host(), "helm", plainHttp(right));

    assertThatThrownBy(
            () ->
                deploy(
                    pushed.reference(),
                    "locked",
                    plainHttp(new RegistryCredentials("pusher", "not-the-password"))))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("registry " + lockedRegistry.host())
        .hasMessageContaining("refused the credentials (401 Unauthorized)")
        .hasMessageContaining("TAGSHIP_REGISTRY_USERNAME")
        .hasMessageNotContaining("not-the-password");
    assertThat(deploy(pushed.reference(), "locked", plainHttp(right)).verification().succeeded())
        .isTrue();
  }

  @Test
  void ociChartWithoutAVersionTakesTheNewestReleaseAndAMissingChartIsNamed() throws Exception {
    Path two = TestCharts.deployment(temp.resolve("versions"), "api");
    new ChartPublisher(events::add).publish(two, registry.host(), "helm", plainHttp(null));
    for (String version : List.of("0.10.0", "0.9.0", "1.0.0-rc.1")) {
      Path chartFile = two.resolve("Chart.yaml");
      Files.writeString(
          chartFile,
          Files.readString(chartFile).replaceFirst("(?m)^version: .*$", "version: " + version));
      new ChartPublisher(events::add).publish(two, registry.host(), "helm", plainHttp(null));
    }
    DeployResult newest =
        new ReleaseDeployer(events::add)
            .deploy(
                new DeployRequest(
                    "api",
                    "oci://" + registry.host() + "/helm/api",
                    null,
                    "newest",
                    true,
                    "1.27.1",
                    null,
                    List.of(),
                    List.of(),
                    Duration.ofSeconds(60),
                    false,
                    null,
                    new ClusterAccess(kube.kubeconfigContents()),
                    0,
                    plainHttp(null),
                    false));
    assertThat(newest.verification().succeeded()).isTrue();
    assertThat(events)
        .extracting(Event::message)
        .contains("Newest version of oci://" + registry.host() + "/helm/api: 0.10.0");

    assertThatThrownBy(
            () ->
                new ReleaseDeployer(events::add)
                    .deploy(
                        new DeployRequest(
                            "shop",
                            "oci://" + registry.host() + "/helm/never-pushed",
                            null,
                            "noversion",
                            true,
                            null,
                            null,
                            List.of(),
                            List.of(),
                            null,
                            false,
                            null,
                            new ClusterAccess(kube.kubeconfigContents()),
                            0,
                            plainHttp(null),
                            false)))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("has no such image or repository (404 Not Found)")
        .hasMessageContaining("list the versions of helm/never-pushed");
  }
}
