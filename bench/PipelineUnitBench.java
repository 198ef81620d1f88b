import com.lesfurets.jenkins.unit.BasePipelineTest;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The peer of bench/RunBench.java: JenkinsPipelineUnit 1.1 running the scripted form of the same
 * pipeline in-process, timed the same way (median of warm runs). Prints "median_ms=N".
 *
 * <p>Usage: java -cp $(JenkinsPipelineUnit's class path) bench/PipelineUnitBench.java DIR SCRIPT RUNS
 */
public class PipelineUnitBench {

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    String script = args[1];
    int runs = Integer.parseInt(args[2]);
    PrintStream real = System.out;
    System.setOut(new PrintStream(OutputStream.nullOutputStream()));
    List<Long> times = new ArrayList<>();
    // BasePipelineTest reads this.class through Groovy's meta-class: the subclass must be Groovy's.
    Class<?> testClass =
        new groovy.lang.GroovyClassLoader()
            .parseClass("class Bench extends com.lesfurets.jenkins.unit.BasePipelineTest {}");
    for (int i = 0; i < runs + 3; i++) {
      BasePipelineTest test = (BasePipelineTest) testClass.getDeclaredConstructor().newInstance();
      test.setScriptRoots(dir.toString());
      test.setUp();
      long start = System.nanoTime();
      test.runScript(script);
      long elapsed = System.nanoTime() - start;
      if (i >= 3) {
        times.add(elapsed);
      }
    }
    System.setOut(real);
    Collections.sort(times);
    System.out.printf("median_ms=%.2f%n", times.get(times.size() / 2) / 1e6);
  }
}
