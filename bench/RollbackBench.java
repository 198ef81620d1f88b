import com.marcnuri.helm.Helm;
import dev.tagship.deploy.ClusterAccess;
import dev.tagship.deploy.DeployRequest;
import dev.tagship.deploy.DeployResult;
import dev.tagship.deploy.ReleaseDeployer;
import dev.tagship.deploy.RollbackRequest;
import dev.tagship.sandbox.kube.KubeApiStandIn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Time from the first failing pod status (a new pod's CrashLoopBackOff, as the kubelet writes it)
 * to the rollback request reaching the API server (Helm's POST of the rollback's release Secret),
 * for tagship (verify, fail fast, roll back to the last good revision) and for Helm's own {@code
 * upgrade --atomic --wait} (helm-java's atomic(): Helm waits for its timeout, then rolls back), on
 * the same Kubernetes API stand-in, in one run. Both times come from the stand-in's request log.
 *
 * <pre>
 * java -cp CLASSPATH bench/RollbackBench.java [runs] [helmTimeoutSeconds]
 * </pre>
 */
public class RollbackBench {

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int helmTimeout = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    Path dir = Files.createTempDirectory("rollback-bench");
    Helm.create().withName("shop").withDir(dir).call();
    String chart = dir.resolve("shop").toString();
    try (KubeApiStandIn kube = KubeApiStandIn.start()) {
      ClusterAccess cluster = new ClusterAccess(kube.kubeconfigContents());
      Path kubeconfig = kube.kubeconfig(dir.resolve("kubeconfig"));
      double[] tagship = new double[runs];
      double[] helm = new double[runs];
      for (int run = 0; run < runs; run++) {
        String ns = "tagship-" + run;
        deploy(chart, ns, "1.0.0", cluster); // verified: its pods are all written
        int mark = kube.requests().size();
        DeployResult failed = deploy(chart, ns, "1.0.1-crash", cluster);
        if (failed.verification().succeeded()) {
          throw new IllegalStateException("the crashing revision was verified");
        }
        new ReleaseDeployer(event -> {})
            .rollback(new RollbackRequest("shop", ns, null, Duration.ofSeconds(60), "bench", false, cluster));
        tagship[run] = gap(kube.requests(), mark, ns);

        String helmNs = "helm-" + run;
        Helm.upgrade(chart).install().createNamespace().withName("shop").withNamespace(helmNs)
            .set("image.tag", "1.0.0").waitReady().withTimeout(60).withKubeConfig(kubeconfig)
            .call();
        int helmMark = kube.requests().size();
        try {
          Helm.upgrade(chart).withName("shop").withNamespace(helmNs).set("image.tag", "1.0.1-crash")
              .atomic().waitReady().withTimeout(helmTimeout).withKubeConfig(kubeconfig).call();
        } catch (RuntimeException expected) {
          // --atomic: the upgrade fails at its timeout and Helm rolls back
        }
        helm[run] = gap(kube.requests(), helmMark, helmNs);
        System.out.printf(Locale.ROOT, "run %d: tagship %.3f s, helm --atomic %.3f s%n", run + 1, tagship[run], helm[run]);
      }
      double t = median(tagship);
      double h = median(helm);
      System.out.printf(Locale.ROOT,
          "median of %d: tagship %.3f s, helm upgrade --atomic (timeout %d s) %.3f s, ratio %.0fx%n",
          runs, t, helmTimeout, h, h / t);
    }
  }

  private static DeployResult deploy(String chart, String ns, String tag, ClusterAccess cluster) {
    return new ReleaseDeployer(event -> {})
        .deploy(new DeployRequest("shop", chart, null, ns, true, tag, null, List.of(), List.of(),
            Duration.ofSeconds(60), false, null, cluster));
  }

  /**
   * Seconds from the first pod status written in {@code ns} after {@code mark} (the crashing pod's:
   * the old ones are not rewritten) to the first release Secret Helm creates after it.
   */
  private static double gap(List<String> requests, int mark, String ns) {
    Long failure = null;
    for (String line : requests.subList(mark, requests.size())) {
      String trimmed = line.strip();
      long at = Long.parseLong(trimmed.substring(0, trimmed.indexOf(" ")));
      if (failure == null
          && line.contains("PATCH /api/v1/namespaces/" + ns + "/pods/")
          && line.contains("/status")) {
        failure = at;
      } else if (failure != null
          && line.contains("POST /api/v1/namespaces/" + ns + "/secrets")
          && !line.contains("fabric8")) {
        if (Boolean.getBoolean("bench.trace")) {
          long from = failure;
          requests.subList(mark, requests.size()).stream()
              .filter(l -> Long.parseLong(l.strip().split(" ")[0]) >= from)
              .filter(l -> Long.parseLong(l.strip().split(" ")[0]) <= at)
              .forEach(System.out::println);
        }
        return (at - failure) / 1000.0;
      }
    }
    throw new IllegalStateException("no failure then rollback found in the request log of " + ns);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
