package dev.tagship.deploy;

import dev.tagship.sandbox.kube.KubeApiStandIn;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The own-revision scenarios against the in-process Kubernetes API stand-in. */
class OwnRevisionOnStandInTest extends OwnRevisionScenarios {

  @TempDir static Path temp;
  static KubeApiStandIn kube;
  static KubernetesClient client;

  @BeforeAll
  static void startCluster() {
    kube = KubeApiStandIn.start();
    client = kube.client();
  }

  @AfterAll
  static void stopCluster() {
    client.close();
    kube.close();
  }

  @Override
  ClusterAccess cluster() {
    return new ClusterAccess(kube.kubeconfigContents());
  }

  @Override
  KubernetesClient client() {
    return client;
  }

  @Override
  Path charts() {
    return temp;
  }

  @Override
  String namespace(String name) {
    return name;
  }
}
