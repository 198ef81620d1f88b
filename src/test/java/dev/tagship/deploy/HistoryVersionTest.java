package dev.tagship.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import dev.tagship.sandbox.kube.KubeApiStandIn;
import dev.tagship.testing.TestDeploys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** History names the version deployed however the image tag was given (issue 12, defect 7). */
class HistoryVersionTest {

  @TempDir static Path temp;
  static KubeApiStandIn kube;
  static Path chart;

  @BeforeAll
  static void start() {
    kube = KubeApiStandIn.start();
    Helm.create().withName("shop").withDir(temp).call();
    chart = temp.resolve("shop");
  }

  @AfterAll
  static void stop() {
    kube.close();
  }

  @Test
  void aTagGivenWithSetIsTheVersionHistoryShows() {
    ClusterAccess cluster = new ClusterAccess(kube.kubeconfigContents());
    ReleaseDeployer deployer = new ReleaseDeployer(e -> {});
    deployer.deploy(
        TestDeploys.request(
            "shop", chart, "set", null, Duration.ofSeconds(60), cluster, "image.tag=1.27.3"));
    deployer.deploy(
        TestDeploys.request(
            "shop", chart, "set", null, Duration.ofSeconds(60), cluster, "image.tag=2"));

    List<RevisionInfo> history = deployer.history("shop", "set", cluster);

    assertThat(history).extracting(RevisionInfo::version).containsExactly("1.27.3", "2");
    assertThat(history).extracting(RevisionInfo::image).containsExactly("nginx:1.27.3", "nginx:2");
  }
}
