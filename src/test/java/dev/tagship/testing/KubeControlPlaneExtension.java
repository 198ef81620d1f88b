package dev.tagship.testing;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a {@link KubeNamespace} on one real control plane ({@link KubeControlPlane}) per test
 * JVM: started on first use (about 6-9 s), kept in JUnit's root store and stopped when the JVM's
 * tests end. Each test method (or each class, when a {@code @BeforeAll} method asks) gets a fresh
 * namespace, deleted after it, so test classes never see each other's objects.
 *
 * <p>When {@code test/kube/build.sh} has not built the binaries, every test that asks fails with a
 * message naming it: a skipped test would hide that the suite did not run.
 */
public final class KubeControlPlaneExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace STORE =
      ExtensionContext.Namespace.create(KubeControlPlaneExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == KubeNamespace.class;
  }

  @Override
  public KubeNamespace resolveParameter(ParameterContext parameter, ExtensionContext context) {
    SharedControlPlane shared =
        context
            .getRoot()
            .getStore(STORE)
            .getOrComputeIfAbsent(
                SharedControlPlane.class,
                key -> new SharedControlPlane(),
                SharedControlPlane.class);
    // @BeforeEach and the test method share the method's context, so they get one namespace; the
    // key is the context's own because a store also answers with what its ancestors hold
    return context
        .getStore(STORE)
        .getOrComputeIfAbsent(
            context.getUniqueId(),
            key -> TestNamespace.create(shared, namespaceName(context)),
            TestNamespace.class)
        .namespace();
  }

  /** The test's class and method, made a DNS label, and a random suffix. */
  static String namespaceName(ExtensionContext context) {
    String test =
        context.getRequiredTestClass().getSimpleName()
            + context.getTestMethod().map(method -> "-" + method.getName()).orElse("");
    String label = test.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    label = label.substring(0, Math.min(label.length(), 50)).replaceAll("-+$", "");
    return label
        + "-"
        + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 24, 1 << 28), 36);
  }

  /** The JVM's one control plane: started by the first test that asks, a failure remembered. */
  static final class SharedControlPlane implements AutoCloseable {

    private KubeControlPlane plane;
    private KubernetesClient client;
    private Path dir;
    private RuntimeException failure;

    synchronized KubeControlPlane plane() {
      if (failure != null) {
        throw failure;
      }
      if (plane == null) {
        try {
          dir = Files.createTempDirectory("tagship-kube-");
          plane = KubeControlPlane.start(dir);
          client = plane.client();
          // the figures for the notes; no test rests on them
          System.out.println(
              "test control plane ready after "
                  + plane.readyAfter()
                  + ", resident KiB "
                  + plane.residentKibibytes());
        } catch (IOException e) {
          failure = new UncheckedIOException(e);
          throw failure;
        } catch (RuntimeException e) {
          failure = e;
          throw e;
        }
      }
      return plane;
    }

    synchronized KubernetesClient client() {
      plane();
      return client;
    }

    @Override
    public synchronized void close() throws IOException {
      if (client != null) {
        client.close();
      }
      if (plane != null) {
        System.out.println(
            "test control plane resident KiB after the tests " + plane.residentKibibytes());
        plane.close();
      }
      if (dir != null) {
        try (Stream<Path> files = Files.walk(dir)) {
          for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(file);
          }
        }
      }
    }
  }

  /** One test's namespace, deleted when its test (or class) ends. */
  record TestNamespace(KubeNamespace namespace) implements AutoCloseable {

    static TestNamespace create(SharedControlPlane shared, String name) {
      KubeControlPlane plane = shared.plane();
      KubernetesClient client = shared.client();
      client
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
          .create();
      // pods are refused until the controller manager has made the namespace's ServiceAccount
      client
          .serviceAccounts()
          .inNamespace(name)
          .withName("default")
          .waitUntilCondition(Objects::nonNull, 30, TimeUnit.SECONDS);
      return new TestNamespace(new KubeNamespace(name, plane.kubeconfig(), client, plane));
    }

    @Override
    public void close() {
      // not waited for: the namespace controller empties it while the next tests run
      namespace.client().namespaces().withName(namespace.name()).delete();
    }
  }
}
