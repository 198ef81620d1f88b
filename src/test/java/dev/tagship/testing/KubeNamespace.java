package dev.tagship.testing;

import dev.tagship.deploy.ClusterAccess;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;

/**
 * A namespace of its own on the shared test control plane, and the ways to reach that control plane
 * as its administrator. The namespace is created empty for one test (or one test class, when a
 * {@code @BeforeAll} method asks) and deleted after it.
 *
 * @param name the namespace, unique in the test JVM
 * @param kubeconfig the administrator's kubeconfig file (0600)
 * @param client the JVM's one client of the control plane; closed with it, never by a test
 * @param plane the control plane, for its start figures and memory
 */
public record KubeNamespace(
    String name, Path kubeconfig, KubernetesClient client, KubeControlPlane plane) {

  /** The kubeconfig as tagship's deploy code takes it, as {@code tagship deploy --kubeconfig}. */
  public ClusterAccess cluster() {
    return ClusterAccess.fromFile(kubeconfig);
  }

  /** The kubeconfig's text. */
  public String kubeconfigContents() {
    return cluster().kubeconfig();
  }
}
