package dev.tagship.sandbox;

import dev.tagship.core.Folders;
import dev.tagship.core.TempFolders;
import dev.tagship.deploy.ClusterAccess;
import dev.tagship.deploy.DeployRequest;
import dev.tagship.deploy.DeployResult;
import dev.tagship.deploy.ReleaseDeployer;
import dev.tagship.deploy.ReleaseMetadata;
import dev.tagship.image.ImagePublisher;
import dev.tagship.image.ImageSource;
import dev.tagship.image.PublishRequest;
import dev.tagship.image.PublishResult;
import dev.tagship.image.RegistryAccess;
import dev.tagship.sandbox.kube.KubeApiStandIn;
import dev.tagship.sandbox.kube.PodBehaviour;
import dev.tagship.sandbox.registry.SandboxRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Everything a pipeline needs to run end to end with no Azure account: a registry standing in for
 * ACR, a Kubernetes API standing in for AKS (its pods become ready, or fail to pull an image that
 * was never pushed), a sample project with its git history, and the release a team would already
 * have: shop 0.1.0 deployed and verified good. All of it lives in one folder and this process.
 */
public final class Sandbox implements AutoCloseable {

  public static final String NAMESPACE = "development";

  private final Path root;
  private final SandboxRegistry registry;
  private final KubeApiStandIn cluster;
  private final Path kubeconfig;

  private Sandbox(Path root, SandboxRegistry registry, KubeApiStandIn cluster, Path kubeconfig) {
    this.root = root;
    this.registry = registry;
    this.cluster = cluster;
    this.kubeconfig = kubeconfig;
  }

  /**
   * Starts the stand-ins in a new folder and prepares the project and its first release.
   *
   * @param say where to tell the user what is being prepared
   */
  public static Sandbox start(Consumer<String> say) throws Exception {
    Path root = TempFolders.create("sandbox-");
    SandboxRegistry registry = SandboxRegistry.start();
    KubeApiStandIn cluster = KubeApiStandIn.start();
    cluster
        .controller()
        .whenImage(image -> !registry.hasImage(image), PodBehaviour.IMAGE_PULL_BACKOFF);
    Sandbox sandbox =
        new Sandbox(root, registry, cluster, cluster.kubeconfig(root.resolve("kubeconfig")));
    try {
      sandbox.prepare(say);
    } catch (Exception | Error e) {
      sandbox.close();
      throw e;
    }
    return sandbox;
  }

  private void prepare(Consumer<String> say) throws Exception {
    SampleProject.create(workspace(), root.resolve("origin.git"));
    say.accept("project " + SampleProject.NAME + " with its git history in " + workspace());
    RegistryAccess plain = new RegistryAccess(true, null, false, null, null);
    Path layout = root.resolve("base-image");
    SeedImages.writeBase(layout);
    ImagePublisher publisher = new ImagePublisher(event -> {});
    publisher.publish(
        new PublishRequest(
            new ImageSource.OciLayout(layout, SeedImages.BASE_TAG),
            registry.address(),
            SeedImages.BASE_REPOSITORY,
            List.of(SeedImages.BASE_TAG),
            plain,
            plain,
            2));
    Path page = root.resolve("released/index.html");
    Files.createDirectories(page.getParent());
    Files.writeString(
        page,
        Files.readString(workspace().resolve("site/index.html"))
            .replace("@VERSION@", SampleProject.RELEASED));
    PublishResult released =
        publisher.publish(
            new PublishRequest(
                new ImageSource.Build(
                    registry.address()
                        + "/"
                        + SeedImages.BASE_REPOSITORY
                        + ":"
                        + SeedImages.BASE_TAG,
                    List.of(new ImageSource.FileToAdd(page, "/usr/share/nginx/html/")),
                    List.of(),
                    Map.of(),
                    List.of("80"),
                    Map.of(),
                    null,
                    null),
                registry.address(),
                SampleProject.NAME,
                List.of(SampleProject.RELEASED, "latest"),
                plain,
                plain,
                2));
    DeployResult deployed =
        new ReleaseDeployer(event -> {})
            .deploy(
                new DeployRequest(
                    SampleProject.NAME,
                    workspace().resolve("chart").toString(),
                    null,
                    NAMESPACE,
                    true,
                    SampleProject.RELEASED,
                    registry.address() + "/" + SampleProject.NAME,
                    List.of(),
                    List.of(),
                    Duration.ofMinutes(2),
                    false,
                    new ReleaseMetadata(null, SampleProject.RELEASED, released.digest(), null),
                    ClusterAccess.fromFile(kubeconfig)));
    if (!deployed.verification().succeeded()) {
      throw new IllegalStateException(
          "the sandbox's first release did not roll out: " + deployed.verification().summary());
    }
    say.accept(
        "already released: "
            + SampleProject.NAME
            + " "
            + SampleProject.RELEASED
            + " in namespace "
            + NAMESPACE
            + " (revision "
            + deployed.revision()
            + ", verified good)");
  }

  public Path root() {
    return root;
  }

  /** The sample project: the pipeline's workspace. */
  public Path workspace() {
    return root.resolve("workspace");
  }

  public String registryAddress() {
    return registry.address();
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  /**
   * The variables that point a pipeline at the sandbox: the registry as ACR_REGISTRY (plain HTTP),
   * the branch as main, and {@code tagship} on the PATH — a launcher that knows the sandbox's
   * cluster, as an agent's own tagship would be set up. The cluster's kubeconfig (which holds its
   * token) is not among them: it is one of {@link #tagshipSettings()}.
   *
   * @param path the PATH to extend
   */
  public Map<String, String> environment(String path) throws IOException {
    Path bin = root.resolve("bin");
    Files.createDirectories(bin);
    Path launcher = bin.resolve("tagship");
    Files.writeString(
        launcher,
        "#!/bin/sh\n"
            + ": \"${KUBECONFIG:="
            + kubeconfig
            + "}\"\nexport KUBECONFIG\nexec '"
            + Path.of(System.getProperty("java.home"), "bin", "java")
            + "' -cp '"
            + System.getProperty("java.class.path")
            + "' dev.tagship.cli.Main \"$@\"\n");
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("ACR_REGISTRY", registry.address());
    environment.put("REGISTRY_PLAIN_HTTP", "true");
    environment.put("BRANCH_NAME", "main");
    environment.put("PATH", bin + (path == null || path.isEmpty() ? "" : ":" + path));
    return environment;
  }

  /**
   * The sandbox's settings for tagship's own steps, handed to them apart from the run's
   * environment, as the host's sign-in is: the cluster as KUBECONFIG.
   */
  public Map<String, String> tagshipSettings() {
    return Map.of("KUBECONFIG", kubeconfig.toString());
  }

  @Override
  public void close() {
    cluster.close();
    registry.close();
    try {
      Folders.deleteRecursively(root);
    } catch (IOException e) {
      // what is left is in the system's temporary folder, and holds no secret of the user's
    }
  }
}
