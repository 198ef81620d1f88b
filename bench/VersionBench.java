import dev.tagship.version.VersionRequest;
import dev.tagship.version.VersionResult;
import dev.tagship.version.Versioner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * In-process benchmark of {@code tagship version}: calls {@link Versioner} the way the CLI does
 * (no fetch), warms the JIT up, then times N calls. Every call opens the repository afresh, as a
 * pipeline step does.
 *
 * <pre>
 * java -cp "${TAGSHIP_JAR:-target/tagship.jar}" bench/VersionBench.java REPO [iterations]
 *     [--warmup=100] [--component=c7] [--path=c7/]... [--breakdown]
 * </pre>
 *
 * <p>{@code --breakdown} also times, with the same warm-up and count, the JGit work Versioner
 * does, phase by phase (re-done here with JGit's public API, since the tagship classes that do it
 * are package-private), once opening the repository per call and once with it kept open.
 *
 * <p>The last line is machine-readable: {@code RESULT median_ms=... version=... previous=...}.
 */
public final class VersionBench {

  public static void main(String[] args) throws Exception {
    Path repo = null;
    int iterations = 50;
    int warmup = 100; // ~1 s; after 20 calls C2 is still compiling and p90 is 5x the median
    String component = "c7";
    List<String> paths = new ArrayList<>();
    boolean breakdown = false;
    for (String arg : args) {
      if (arg.startsWith("--warmup=")) {
        warmup = Integer.parseInt(arg.substring(9));
      } else if (arg.startsWith("--component=")) {
        component = arg.substring(12);
      } else if (arg.startsWith("--path=")) {
        paths.add(arg.substring(7));
      } else if (arg.equals("--breakdown")) {
        breakdown = true;
      } else if (arg.startsWith("--")) {
        usage("unknown option " + arg);
      } else if (repo == null) {
        repo = Path.of(arg);
      } else {
        iterations = Integer.parseInt(arg);
      }
    }
    if (repo == null || iterations < 1 || warmup < 0) {
      usage("a repository is required; iterations >= 1, warmup >= 0");
    }

    VersionRequest request =
        VersionRequest.builder(repo).component(component).paths(paths).fetch(false).build();
    Versioner versioner = new Versioner(event -> {});
    if (breakdown) {
      // Before anything else touches JGit: where a cold JVM (as in a CLI run) spends its time.
      Breakdown.run(repo, component, paths, 0, 1, false, "cold JVM, first call, class loading included");
    }

    long t0 = System.nanoTime();
    VersionResult first = versioner.version(request);
    double firstMs = (System.nanoTime() - t0) / 1e6;
    for (int i = 1; i < warmup; i++) {
      versioner.version(request);
    }
    double[] times = new double[iterations];
    double[] allocated = new double[iterations];
    VersionResult result = first;
    for (int i = 0; i < iterations; i++) {
      long bytes = allocatedBytes();
      long start = System.nanoTime();
      result = versioner.version(request);
      times[i] = (System.nanoTime() - start) / 1e6;
      allocated[i] = (allocatedBytes() - bytes) / (1024.0 * 1024.0);
    }
    if (!result.equals(first)) {
      throw new IllegalStateException("results differ between runs: " + first + " vs " + result);
    }
    Stats stats = Stats.of(times);
    System.out.printf(
        Locale.ROOT,
        "tagship in-process: component %s%s, %d warm-up + %d timed calls%n",
        component,
        paths.isEmpty() ? "" : " paths " + paths,
        warmup,
        iterations);
    System.out.printf(Locale.ROOT, "  first call (cold JVM): %.1f ms%n", firstMs);
    System.out.printf(
        Locale.ROOT,
        "  warm: min %.2f ms, median %.2f ms, p90 %.2f ms, max %.2f ms%n",
        stats.min,
        stats.median,
        stats.p90,
        stats.max);
    if (allocatedBytes() >= 0) {
      System.out.printf(
          Locale.ROOT,
          "  allocated per call: median %.1f MiB (GC pauses show up in p90/max)%n",
          Stats.of(allocated).median);
    }
    System.out.printf(
        "  version %s (tag %s, previous %s, changed %s, %d commits since)%n",
        result.version(),
        result.tag(),
        result.previousTag(),
        result.changed(),
        result.commitsSinceTag());

    if (breakdown) {
      Breakdown.run(
          repo, component, paths, warmup, iterations, false, "warm, opened per call like Versioner");
      Breakdown.run(
          repo, component, paths, warmup, iterations, true, "warm, opened once and kept open");
    }

    System.out.printf(
        Locale.ROOT,
        "RESULT median_ms=%.2f min_ms=%.2f p90_ms=%.2f first_ms=%.1f version=%s previous=%s%n",
        stats.median,
        stats.min,
        stats.p90,
        firstMs,
        result.version(),
        result.previousTag());
  }

  /** Bytes this thread has allocated so far, or -1 when the JVM does not tell. */
  private static long allocatedBytes() {
    if (java.lang.management.ManagementFactory.getThreadMXBean()
        instanceof com.sun.management.ThreadMXBean threads) {
      return threads.getCurrentThreadAllocatedBytes();
    }
    return -1;
  }

  private static void usage(String problem) {
    System.err.println("VersionBench: " + problem);
    System.err.println(
        "usage: java -cp TAGSHIP_JAR bench/VersionBench.java REPO [iterations] [--warmup=N]"
            + " [--component=NAME] [--path=P]... [--breakdown]");
    System.exit(2);
  }

  record Stats(double min, double median, double p90, double max) {
    static Stats of(double[] values) {
      double[] sorted = values.clone();
      Arrays.sort(sorted);
      int n = sorted.length;
      double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
      double p90 = sorted[Math.min(n - 1, (int) Math.ceil(0.9 * n) - 1)];
      return new Stats(sorted[0], median, p90, sorted[n - 1]);
    }
  }

  /**
   * What Versioner does against JGit, phase by phase: open, HEAD/branch/config/shallow, list the
   * component's tag refs, peel them to commits, walk back to the previous tag, list the commits
   * since it (path-filtered when paths are given), and a path-filtered walk over the whole
   * history for scale.
   */
  static final class Breakdown {
    static final String[] PHASES = {
      "open repository (reads config)",
      "resolve HEAD (reads packed-refs)",
      "branch, remote config, shallow file",
      "parse HEAD commit (opens pack .idx)",
      "list refs/tags/<c>/",
      "peel tags to commits",
      "walk HEAD back to previous tag",
      "commits since tag (+paths)",
      "close",
    };

    static void run(
        Path repo,
        String component,
        List<String> paths,
        int warmup,
        int iterations,
        boolean reuse,
        String title)
        throws Exception {
      double[][] samples = new double[PHASES.length][iterations];
      double[] totals = new double[iterations];
      Repository shared = reuse ? open(repo) : null;
      int found = 0;
      for (int i = -warmup; i < iterations; i++) {
        double[] t = new double[PHASES.length];
        long mark = System.nanoTime();
        long start = mark;
        Repository repository = reuse ? shared : open(repo);
        t[0] = lap(mark);
        mark = System.nanoTime();
        ObjectId headId = repository.resolve(Constants.HEAD);
        t[1] = lap(mark);
        mark = System.nanoTime();
        repository.getConfig().getString("remote", "origin", "url");
        repository.getObjectDatabase().getShallowCommits();
        repository.getFullBranch();
        t[2] = lap(mark);
        try (RevWalk walk = new RevWalk(repository)) {
          mark = System.nanoTime();
          RevCommit head = walk.parseCommit(headId);
          t[3] = lap(mark);
          mark = System.nanoTime();
          List<Ref> refs =
              repository.getRefDatabase().getRefsByPrefix(Constants.R_TAGS + component + "/");
          t[4] = lap(mark);
          mark = System.nanoTime();
          java.util.Map<ObjectId, String> tagged = new java.util.HashMap<>();
          for (Ref ref : refs) {
            String name = ref.getName().substring(Constants.R_TAGS.length());
            if (!name.matches(java.util.regex.Pattern.quote(component) + "/v?\\d+\\.\\d+\\.\\d+.*")) {
              continue;
            }
            Ref peeled = ref.isPeeled() ? ref : repository.getRefDatabase().peel(ref);
            ObjectId target =
                peeled.getPeeledObjectId() != null
                    ? peeled.getPeeledObjectId()
                    : peeled.getObjectId();
            if (!repository.getObjectDatabase().has(target)) {
              continue;
            }
            RevObject object = walk.peel(walk.parseAny(target));
            if (object instanceof RevCommit commit) {
              tagged.put(commit.copy(), name);
            }
          }
          t[5] = lap(mark);
          mark = System.nanoTime();
          walk.reset();
          walk.markStart(head);
          RevCommit previous = null;
          for (RevCommit commit : walk) {
            if (!commit.equals(head) && tagged.containsKey(commit)) {
              previous = commit;
              break;
            }
          }
          t[6] = lap(mark);
          mark = System.nanoTime();
          try (RevWalk scan = new RevWalk(walk.getObjectReader())) {
            if (!paths.isEmpty()) {
              scan.setTreeFilter(
                  AndTreeFilter.create(
                      PathFilterGroup.createFromStrings(paths), TreeFilter.ANY_DIFF));
              scan.setRewriteParents(false);
            }
            scan.markStart(scan.parseCommit(headId));
            if (previous != null) {
              scan.markUninteresting(scan.parseCommit(previous));
            }
            found = 0;
            for (RevCommit ignored : scan) {
              found++;
            }
          }
          t[7] = lap(mark);
        }
        mark = System.nanoTime();
        if (!reuse) {
          repository.close();
        }
        t[8] = lap(mark);
        if (i >= 0) {
          for (int p = 0; p < PHASES.length; p++) {
            samples[p][i] = t[p];
          }
          totals[i] = lap(start);
        }
      }
      if (shared != null) {
        shared.close();
      }
      System.out.printf(
          "breakdown: the JGit calls Versioner makes (%s), median of %d:%n", title, iterations);
      for (int p = 0; p < PHASES.length; p++) {
        System.out.printf(
            Locale.ROOT, "  %-36s %8.2f ms%n", PHASES[p], Stats.of(samples[p]).median);
      }
      System.out.printf(
          Locale.ROOT,
          "  %-36s %8.2f ms  (%d commits since the tag%s)%n",
          "total",
          Stats.of(totals).median,
          found,
          paths.isEmpty() ? "" : " under " + paths);
    }

    private static Repository open(Path repo) throws java.io.IOException {
      return new FileRepositoryBuilder()
          .findGitDir(repo.toAbsolutePath().toFile())
          .setMustExist(true)
          .build();
    }

    private static double lap(long since) {
      return (System.nanoTime() - since) / 1e6;
    }
  }
}
