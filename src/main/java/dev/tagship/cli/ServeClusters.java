package dev.tagship.cli;

import dev.tagship.core.TagshipException;
import dev.tagship.deploy.ClusterAccess;
import dev.tagship.deploy.ClusterEnvironment;
import dev.tagship.web.DashboardCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The clusters {@code tagship serve} shows: each {@code --cluster NAME=KUBECONFIG[#CONTEXT]}, and
 * the cluster of the single-cluster options (--kubeconfig, --server, --aks-*) named after its
 * kubeconfig's current context; with neither, the environment's kubeconfig when there is one.
 */
final class ServeClusters {

  static final String FORM = "NAME=KUBECONFIG[#CONTEXT]";
  static final String DEFAULT_NAME = "default";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

  /**
   * @param problem why no cluster is shown, when none is
   */
  record Chosen(List<DashboardCluster> clusters, String problem) {}

  private ServeClusters() {}

  static Chosen resolve(CliContext context, List<String> specs, ClusterOptions single) {
    Map<String, String> givenAs = new LinkedHashMap<>();
    List<DashboardCluster> clusters = new ArrayList<>();
    for (String spec : specs) {
      DashboardCluster cluster = parse(context, spec);
      add(clusters, givenAs, cluster, "--cluster " + spec);
    }
    if (single.given()) {
      ClusterAccess access = single.resolve(context);
      String name = single.server != null ? DEFAULT_NAME : nameOf(access);
      add(
          clusters,
          givenAs,
          new DashboardCluster(name, access),
          "the cluster of " + single.describe() + " (named after its kubeconfig's context)");
    } else if (clusters.isEmpty()) {
      try {
        ClusterAccess access = ClusterEnvironment.resolve(null, null, null, context.env());
        clusters.add(new DashboardCluster(nameOf(access), access));
      } catch (TagshipException e) {
        return new Chosen(List.of(), "releases are not shown: " + e.getMessage());
      }
    }
    return new Chosen(clusters, null);
  }

  private static void add(
      List<DashboardCluster> clusters,
      Map<String, String> givenAs,
      DashboardCluster cluster,
      String source) {
    String earlier = givenAs.putIfAbsent(cluster.name(), source);
    if (earlier != null) {
      throw new UsageException(
          "two clusters are named "
              + cluster.name()
              + ": "
              + earlier
              + " and "
              + source
              + ". Give each --cluster its own NAME");
    }
    clusters.add(cluster);
  }

  private static DashboardCluster parse(CliContext context, String spec) {
    int equals = spec.indexOf('=');
    if (equals <= 0 || equals == spec.length() - 1) {
      throw new UsageException(
          "--cluster wants "
              + FORM
              + " (for instance --cluster prod=/home/me/.kube/prod.yaml#aks-prod), not '"
              + spec
              + "'");
    }
    String name = spec.substring(0, equals);
    if (!NAME.matcher(name).matches()) {
      throw new UsageException(
          "--cluster "
              + spec
              + ": the name '"
              + name
              + "' may hold only letters, digits, '.', '_' and '-' (63 at most)");
    }
    String location = spec.substring(equals + 1);
    String kubeContext = null;
    int hash = location.lastIndexOf('#');
    if (hash >= 0) {
      kubeContext = location.substring(hash + 1);
      location = location.substring(0, hash);
      if (kubeContext.isEmpty() || location.isEmpty()) {
        throw new UsageException(
            "--cluster " + spec + ": give the kubeconfig file and, after '#', a context name");
      }
    }
    Path file;
    try {
      file = kubeconfigFile(context, location);
    } catch (java.nio.file.InvalidPathException e) {
      throw new UsageException("--cluster " + name + ": " + e.getMessage());
    }
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new UsageException(
          "--cluster "
              + name
              + ": there is no readable kubeconfig file at "
              + file
              + " (give the path of a kubeconfig, as kubectl's --kubeconfig takes it)");
    }
    try {
      ClusterAccess access = ClusterAccess.fromFile(file);
      return new DashboardCluster(
          name, kubeContext == null ? access : access.withContext(kubeContext));
    } catch (TagshipException e) {
      throw new UsageException("--cluster " + name + " (" + file + "): " + e.getMessage());
    }
  }

  /** The file, with a leading {@code ~/} taken as the home folder: no shell expands it after =. */
  private static Path kubeconfigFile(CliContext context, String location) {
    String home = context.env().get("HOME");
    if (location.startsWith("~/") && home != null) {
      return Path.of(home).resolve(location.substring(2)).normalize();
    }
    return context.resolve(Path.of(location));
  }

  private static String nameOf(ClusterAccess access) {
    String current = access.currentContext();
    return current == null ? DEFAULT_NAME : current;
  }
}
