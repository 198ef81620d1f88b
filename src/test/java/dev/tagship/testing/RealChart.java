package dev.tagship.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Public Helm charts as teams deploy them, with what it takes to install each quickly on the test
 * control plane's one kwok node (no kubelet, no storage provisioner: images are never pulled and a
 * PersistentVolumeClaim stays Pending) and the values that make its main workload crash-loop (the
 * kwok stages put a container whose image ends in {@code :crash} into CrashLoopBackOff).
 *
 * <p>The chart folders are not in this repository: the workplace's rule is that content taken from
 * a public repository's snapshot is not committed by developers. {@link #root} finds them in the
 * folder named by {@code TAGSHIP_REAL_CHARTS}, one sub-folder per chart ({@link #folder}): the
 * upstream chart folder at {@link #upstream}'s commit (its README, changelog, {@code ci/} and
 * {@code tests/} may be left out; templates, crds, values and schema not), with its dependencies
 * resolved into {@code charts/} as {@code helm dependency build} does from its {@code Chart.lock},
 * and the upstream licence beside it.
 */
public enum RealChart {

  /** bitnami nginx: a Deployment; depends on bitnami common. */
  NGINX(
      "nginx",
      "22.1.1",
      new Upstream(
          "bitnami/charts",
          "bitnami/nginx",
          "5165628ae06697f8f68a670bef7739d93c4b7f44",
          "Apache-2.0"),
      Map.of("common", "2.31.4"),
      Workload.DEPLOYMENT,
      "nginx",
      "nginx",
      "image.tag",
      // bitnami's default Service is a LoadBalancer, which no controller here would ever serve
      List.of("service.type=ClusterIP"),
      List.of(),
      List.of()),

  /**
   * bitnami redis, standalone: one StatefulSet. Its data volume is an emptyDir once persistence is
   * off; with it on, the StatefulSet's volumeClaimTemplate makes a PVC that stays Pending here.
   */
  REDIS(
      "redis",
      "23.1.1",
      new Upstream(
          "bitnami/charts",
          "bitnami/redis",
          "5165628ae06697f8f68a670bef7739d93c4b7f44",
          "Apache-2.0"),
      Map.of("common", "2.31.4"),
      Workload.STATEFUL_SET,
      "redis",
      "redis-master",
      "image.tag",
      List.of("architecture=standalone", "master.persistence.enabled=false"),
      List.of(),
      List.of()),

  /** bitnami postgresql: the primary StatefulSet, data on an emptyDir (persistence off). */
  POSTGRESQL(
      "postgresql",
      "17.1.0",
      new Upstream(
          "bitnami/charts",
          "bitnami/postgresql",
          "5165628ae06697f8f68a670bef7739d93c4b7f44",
          "Apache-2.0"),
      Map.of("common", "2.31.4"),
      Workload.STATEFUL_SET,
      "postgresql",
      "postgresql",
      "image.tag",
      List.of("primary.persistence.enabled=false"),
      List.of(),
      List.of()),

  /**
   * prometheus-community's node exporter: a DaemonSet with hostNetwork and hostPort 9100, so two
   * releases of it cannot share the one node. Its {@code namespaceOverride} places it elsewhere.
   */
  NODE_EXPORTER(
      "prometheus-node-exporter",
      "4.56.1",
      new Upstream(
          "prometheus-community/helm-charts",
          "charts/prometheus-node-exporter",
          "cf408a290aec489277a94450bb3511432477a53a",
          "Apache-2.0"),
      Map.of(),
      Workload.DAEMON_SET,
      "prometheus-node-exporter",
      "prometheus-node-exporter",
      "image.tag",
      List.of(),
      // the DaemonSet's template compares the image tag as a version unless 'version' is set
      List.of("version=1.12.1"),
      List.of()),

  /** prometheus-community's kube-state-metrics: a Deployment plus cluster-wide RBAC. */
  KUBE_STATE_METRICS(
      "kube-state-metrics",
      "8.4.0",
      new Upstream(
          "prometheus-community/helm-charts",
          "charts/kube-state-metrics",
          "cf408a290aec489277a94450bb3511432477a53a",
          "Apache-2.0"),
      Map.of(),
      Workload.DEPLOYMENT,
      "kube-state-metrics",
      "kube-state-metrics",
      "image.tag",
      List.of(),
      List.of(),
      List.of()),

  /**
   * grafana (the last version in grafana/helm-charts before the chart moved out): a Deployment, a
   * generated admin password, and {@code helm test} hooks that an install does not run.
   */
  GRAFANA(
      "grafana",
      "10.5.14",
      new Upstream(
          "grafana/helm-charts",
          "charts/grafana",
          "34e98e4203000f573df2bf7653f63a8c722e04aa",
          "Apache-2.0"),
      Map.of(),
      Workload.DEPLOYMENT,
      "grafana",
      "grafana",
      "image.tag",
      List.of(),
      List.of(),
      List.of("test")),

  /** traefik: a Deployment and the CRDs in crds/ (Helm installs those first, once). */
  TRAEFIK(
      "traefik",
      "41.3.0",
      new Upstream(
          "traefik/traefik-helm-chart",
          "traefik",
          "a8a66d0098703627b2cf352c66b1725c196a734a",
          "Apache-2.0"),
      Map.of(),
      Workload.DEPLOYMENT,
      "traefik",
      "traefik",
      "image.tag",
      List.of("service.type=ClusterIP"),
      // the chart reads the proxy's version from the image tag; 'crash' is no version
      List.of("versionOverride=v3.7.11"),
      List.of()),

  /**
   * ingress-nginx: the controller Deployment, and the admission webhook's hook Jobs (create the
   * certificate before install and upgrade, patch the webhook after). Its image is {@code
   * controller.image}, pinned by digest unless the digest is cleared.
   */
  INGRESS_NGINX(
      "ingress-nginx",
      "4.15.1",
      new Upstream(
          "kubernetes/ingress-nginx",
          "charts/ingress-nginx",
          "dbb11b92ddb77bee9c35e462479129354c84f939",
          "Apache-2.0"),
      Map.of(),
      Workload.DEPLOYMENT,
      "ingress-nginx",
      "ingress-nginx-controller",
      "controller.image.tag",
      List.of("controller.service.type=ClusterIP"),
      List.of("controller.image.digest="),
      List.of("pre-install", "pre-upgrade", "post-install", "post-upgrade"));

  /** The kind of a chart's main workload, as its manifest names it. */
  public enum Workload {
    DEPLOYMENT("Deployment"),
    STATEFUL_SET("StatefulSet"),
    DAEMON_SET("DaemonSet");

    private final String kind;

    Workload(String kind) {
      this.kind = kind;
    }

    public String kind() {
      return kind;
    }
  }

  /** Where the chart folder was taken from: repository, folder in it, commit, licence. */
  public record Upstream(String repository, String path, String commit, String license) {}

  /** The environment variable that names the folder holding the charts. */
  public static final String ROOT_VARIABLE = "TAGSHIP_REAL_CHARTS";

  /** The image tag that the kwok stages turn into a crash-looping container. */
  public static final String CRASHING_TAG = "crash";

  private final String folder;
  private final String version;
  private final Upstream upstream;
  private final Map<String, String> dependencies;
  private final Workload workload;
  private final String release;
  private final String workloadName;
  private final String imageTagKey;
  private final List<String> goodValues;
  private final List<String> alsoWhenBreaking;
  private final List<String> hooks;

  RealChart(
      String folder,
      String version,
      Upstream upstream,
      Map<String, String> dependencies,
      Workload workload,
      String release,
      String workloadName,
      String imageTagKey,
      List<String> goodValues,
      List<String> alsoWhenBreaking,
      List<String> hooks) {
    this.folder = folder;
    this.version = version;
    this.upstream = upstream;
    this.dependencies = dependencies;
    this.workload = workload;
    this.release = release;
    this.workloadName = workloadName;
    this.imageTagKey = imageTagKey;
    this.goodValues = goodValues;
    this.alsoWhenBreaking = alsoWhenBreaking;
    this.hooks = hooks;
  }

  /**
   * The folder named by {@code TAGSHIP_REAL_CHARTS} in {@code environment}, or null when it is not
   * set.
   */
  public static Path root(Map<String, String> environment) {
    String root = environment.get(ROOT_VARIABLE);
    return root == null || root.isBlank() ? null : Path.of(root);
  }

  /** The chart's folder under {@code root}; an error saying what is missing when it is wrong. */
  public Path chart(Path root) {
    Path chart = root.resolve(folder);
    Path chartYaml = chart.resolve("Chart.yaml");
    String found = versionIn(chartYaml);
    if (!version.equals(found)) {
      throw new IllegalStateException(
          chartYaml
              + " says version "
              + found
              + ", expected "
              + version
              + ": copy "
              + upstream.path()
              + " of "
              + upstream.repository()
              + " at "
              + upstream.commit()
              + " there");
    }
    dependencies.forEach(
        (name, dependencyVersion) -> {
          Path dependency = chart.resolve("charts").resolve(name).resolve("Chart.yaml");
          String resolved = versionIn(dependency);
          if (!dependencyVersion.equals(resolved)) {
            throw new IllegalStateException(
                dependency
                    + " says version "
                    + resolved
                    + ", expected "
                    + dependencyVersion
                    + " (Chart.lock): resolve the dependency into charts/ as helm dependency"
                    + " build does");
          }
        });
    return chart;
  }

  private static String versionIn(Path chartYaml) {
    if (!Files.isRegularFile(chartYaml)) {
      return "(no such file)";
    }
    try {
      return Files.readAllLines(chartYaml).stream()
          .filter(line -> line.startsWith("version:"))
          .map(line -> line.substring("version:".length()).strip())
          .findFirst()
          .orElse("(none)");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String folder() {
    return folder;
  }

  public String version() {
    return version;
  }

  public Upstream upstream() {
    return upstream;
  }

  /** The charts it depends on, each with the version its Chart.lock pins. */
  public Map<String, String> dependencies() {
    return dependencies;
  }

  public Workload workload() {
    return workload;
  }

  /**
   * The release name the tests use; the chart then names its main workload {@link #workloadName}.
   */
  public String release() {
    return release;
  }

  public String workloadName() {
    return workloadName;
  }

  /**
   * The value that sets the main workload's image tag: {@code image.tag}, which tagship's {@code
   * --image-tag} sets, or the chart's own key.
   */
  public String imageTagKey() {
    return imageTagKey;
  }

  /** {@code --set} values that install the chart quickly on one fake node with no storage. */
  public List<String> goodValues() {
    return goodValues;
  }

  /** {@link #goodValues} plus those that make the main workload's pods crash-loop. */
  public List<String> breakingValues() {
    List<String> values = new ArrayList<>(goodValues);
    values.add(imageTagKey + "=" + CRASHING_TAG);
    values.addAll(alsoWhenBreaking);
    return List.copyOf(values);
  }

  /**
   * The {@code --set} value that places the chart's namespaced objects in {@code namespace} instead
   * of the release's: every chart here reads a top-level {@code namespaceOverride}, as monitoring
   * charts commonly do (the namespace must exist; Helm does not create it).
   */
  public String namespaceOverride(String namespace) {
    return "namespaceOverride=" + namespace;
  }

  /** The Helm hook kinds its default values render, e.g. {@code pre-install}. */
  public List<String> hooks() {
    return hooks;
  }
}
