package dev.tagship.testing;

import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Charts for deploy tests, made the way a team starts one: {@code helm create} (Helm's own code,
 * through helm-java), then its Deployment template turned into the workload kind a test needs.
 */
public final class TestCharts {

  private TestCharts() {}

  /** The chart {@code helm create NAME} makes, in {@code dir/NAME}. */
  public static Path deployment(Path dir, String name) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Helm.create().withName(name).withDir(dir).call();
    return dir.resolve(name);
  }

  /**
   * {@code helm create}'s chart with a StatefulSet instead of its Deployment; {@code partition} in
   * the values sets the rolling update's partition.
   */
  public static Path statefulSet(Path dir, String name) {
    Path chart = deployment(dir, name);
    rewriteWorkload(
        chart,
        "statefulset.yaml",
        template ->
            template
                .replace("kind: Deployment", "kind: StatefulSet")
                .replaceFirst(
                    "\n  selector:\n",
                    "\n  serviceName: {{ include \""
                        + name
                        + ".fullname\" . }}\n"
                        + "  {{- with .Values.partition }}\n"
                        + "  updateStrategy:\n"
                        + "    type: RollingUpdate\n"
                        + "    rollingUpdate:\n"
                        + "      partition: {{ . }}\n"
                        + "  {{- end }}\n"
                        + "  selector:\n"));
    return chart;
  }

  /** {@code helm create}'s chart with a DaemonSet (one pod per node) instead of its Deployment. */
  public static Path daemonSet(Path dir, String name) {
    Path chart = deployment(dir, name);
    rewriteWorkload(
        chart,
        "daemonset.yaml",
        template ->
            template
                .replace("kind: Deployment", "kind: DaemonSet")
                .replaceFirst(
                    "\n  \\{\\{- if not .Values.autoscaling.enabled }}\n"
                        + "  replicas: \\{\\{ .Values.replicaCount }}\n"
                        + "  \\{\\{- end }}\n",
                    "\n"));
    if (readTemplate(chart, "daemonset.yaml").contains("replicas:")) {
      throw new IllegalStateException("helm create's replicas block changed");
    }
    return chart;
  }

  /**
   * {@code helm create}'s chart whose Deployment and ServiceAccount live in {@code namespace}
   * whatever the release's namespace, as charts with a {@code namespaceOverride} place them (a pod
   * can only use a ServiceAccount of its own namespace).
   */
  public static Path deploymentInNamespace(Path dir, String name, String namespace) {
    Path chart = deployment(dir, name);
    for (String file : java.util.List.of("deployment.yaml", "serviceaccount.yaml")) {
      Path template = chart.resolve("templates").resolve(file);
      try {
        String text = Files.readString(template);
        java.util.regex.Matcher named =
            java.util.regex.Pattern.compile("\nmetadata:\n  name: [^\n]*\n").matcher(text);
        if (!named.find()) {
          throw new IllegalStateException("helm create's " + file + " changed:\n" + text);
        }
        Files.writeString(
            template,
            text.substring(0, named.end())
                + "  namespace: "
                + namespace
                + "\n"
                + text.substring(named.end()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return chart;
  }

  /** {@code helm create}'s chart without its Deployment and test hook: a Service and the like. */
  public static Path withoutWorkloads(Path dir, String name) {
    Path chart = deployment(dir, name);
    try {
      Files.delete(chart.resolve("templates/deployment.yaml"));
      Files.delete(chart.resolve("templates/tests/test-connection.yaml"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return chart;
  }

  /**
   * {@code helm create}'s chart with a Job that Helm runs as a {@code pre-install} and {@code
   * post-upgrade} hook, named {@code <fullname>-migrate}, with the chart's image. It is kept after
   * it succeeds (deleted only before the next one is made), so a test can look at it.
   */
  public static Path withHookJob(Path dir, String name) {
    Path chart = deployment(dir, name);
    writeTemplate(
        chart,
        "templates/migrate-job.yaml",
        """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: {{ include "NAME.fullname" . }}-migrate
          annotations:
            "helm.sh/hook": pre-install,post-upgrade
            "helm.sh/hook-delete-policy": before-hook-creation
        spec:
          backoffLimit: 0
          template:
            spec:
              restartPolicy: Never
              containers:
                - name: migrate
                  image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
        """
            .replace("NAME", name));
    return chart;
  }

  /** The API group of the CustomResourceDefinition that {@link #withCustomResource} installs. */
  public static final String CUSTOM_GROUP = "charts.tagship.test";

  /**
   * {@code helm create}'s chart with a CustomResourceDefinition in {@code crds/} (kind {@code
   * CronTab}, group {@link #CUSTOM_GROUP}, installed by Helm before the templates) and a CronTab
   * named after the release's full name among its templates.
   */
  public static Path withCustomResource(Path dir, String name) {
    Path chart = deployment(dir, name);
    writeTemplate(
        chart,
        "crds/crontabs.yaml",
        """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: crontabs.GROUP
        spec:
          group: GROUP
          scope: Namespaced
          names:
            plural: crontabs
            singular: crontab
            kind: CronTab
          versions:
            - name: v1
              served: true
              storage: true
              schema:
                openAPIV3Schema:
                  type: object
                  properties:
                    spec:
                      type: object
                      properties:
                        schedule:
                          type: string
        """
            .replace("GROUP", CUSTOM_GROUP));
    writeTemplate(
        chart,
        "templates/crontab.yaml",
        """
        apiVersion: GROUP/v1
        kind: CronTab
        metadata:
          name: {{ include "NAME.fullname" . }}
        spec:
          schedule: "*/5 * * * *"
        """
            .replace("GROUP", CUSTOM_GROUP)
            .replace("NAME", name));
    return chart;
  }

  private static void writeTemplate(Path chart, String file, String text) {
    try {
      Files.createDirectories(chart.resolve(file).getParent());
      Files.writeString(chart.resolve(file), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A small chart {@code shop} in {@code dir}, written by hand rather than by {@code helm create}:
   * Chart.yaml (with {@code moreChartYaml} after its version line), image values and one Deployment
   * running {@code image.repository:image.tag}. Tests add templates beside it.
   */
  public static Path smallShop(Path dir, String moreChartYaml) {
    Path chart = dir.resolve("shop");
    write(
        chart.resolve("Chart.yaml"),
        "apiVersion: v2\nname: shop\nversion: 1.0.0\n" + moreChartYaml);
    write(
        chart.resolve("values.yaml"),
        "image:\n  repository: registry.invalid/shop\n  tag: latest\n");
    write(
        chart.resolve("templates/deployment.yaml"),
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: shop
        spec:
          replicas: 1
          selector:
            matchLabels: {app: shop}
          template:
            metadata:
              labels: {app: shop}
            spec:
              containers:
                - name: shop
                  image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
        """);
    return chart;
  }

  /** Writes a chart's file, making its folders. */
  public static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String readTemplate(Path chart, String name) {
    try {
      return Files.readString(chart.resolve("templates").resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void rewriteWorkload(
      Path chart, String newName, java.util.function.UnaryOperator<String> rewrite) {
    Path deployment = chart.resolve("templates/deployment.yaml");
    try {
      String template = Files.readString(deployment);
      String rewritten = rewrite.apply(template);
      if (rewritten.contains("kind: Deployment") || rewritten.equals(template)) {
        throw new IllegalStateException("helm create's Deployment template changed:\n" + template);
      }
      Files.writeString(chart.resolve("templates").resolve(newName), rewritten);
      Files.delete(deployment);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
