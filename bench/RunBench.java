import dev.tagship.pipeline.PipelineRunner;
import dev.tagship.pipeline.RunRequest;
import dev.tagship.pipeline.RunResult;
import dev.tagship.pipeline.runtime.ChangeSet;
import dev.tagship.pipeline.runtime.InputHandler;
import dev.tagship.pipeline.runtime.Result;
import dev.tagship.pipeline.runtime.RunListener;
import dev.tagship.steps.Credentials;
import dev.tagship.steps.StepRegistry;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * tagship's engine in-process on one Jenkinsfile: the median of warm runs (each compiles the
 * Jenkinsfile and runs it, log to nowhere). Prints "median_ms=N".
 *
 * <p>Usage: java -cp target/tagship.jar bench/RunBench.java JENKINSFILE RUNS
 */
public class RunBench {

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]).toAbsolutePath();
    int runs = Integer.parseInt(args[1]);
    String text = Files.readString(file);
    PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < runs + 5; i++) {
      long start = System.nanoTime();
      RunResult result =
          new PipelineRunner()
              .run(
                  new RunRequest(
                      "bench",
                      i + 1,
                      file,
                      text,
                      file.getParent(),
                      Map.of(),
                      Map.of(),
                      Credentials.none(),
                      Map.of("PATH", System.getenv("PATH")),
                      InputHandler.unattended(),
                      nowhere,
                      RunListener.NONE,
                      null,
                      ChangeSet.empty(),
                      StepRegistry.tagship(),
                      null,
                      null,
                      null,
                      Clock.systemUTC()));
      long elapsed = System.nanoTime() - start;
      if (result.result() != Result.SUCCESS) {
        throw new IllegalStateException("the benchmark pipeline failed: " + result.error());
      }
      if (i >= 5) {
        times.add(elapsed);
      }
    }
    Collections.sort(times);
    System.out.printf("median_ms=%.2f%n", times.get(times.size() / 2) / 1e6);
  }
}
