package dev.tagship.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 11, "the Jenkinsfile reader under bad input": every file that cannot be compiled fails
 * within 10 s with the line and column of the fault, exit 2. The nesting limit counts braces,
 * brackets and parentheses; these expressions recurse as deep in Groovy's parsers without nesting
 * any: 50,000 casts and 100,000 chained closure calls still ran after 150 s, and 200,000 additions
 * took 70 s to say "nested too deeply" with no line or column.
 */
class DeepExpressionJenkinsfileTest {

  private static final String PIPELINE =
      "\npipeline {\n  agent any\n  stages { stage('a') { steps { echo 'a' } } }\n}\n";

  @TempDir Path home;
  @TempDir Path workspace;
  private final ExecutorService runner = Executors.newSingleThreadExecutor();

  @AfterEach
  void stop() {
    runner.shutdownNow();
  }

  @ParameterizedTest
  @ValueSource(strings = {"casts", "closure calls", "additions", "additions one a line"})
  void anExpressionTooDeepForTheParserFailsWithinTenSecondsWithItsPlace(String kind)
      throws Exception {
    String expression =
        switch (kind) {
          case "casts" -> "def x = " + "(int) ".repeat(50_000) + "1";
          case "closure calls" -> "x" + "{}".repeat(100_000);
          case "additions one a line" -> "def x = 1" + "\n  + 1".repeat(200_000);
          default -> "def x = 1" + " + 1".repeat(200_000);
        };
    Files.writeString(workspace.resolve("Jenkinsfile"), expression + PIPELINE);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    CliContext context = RunCommandTest.context(home, workspace, "", print, print);
    Future<Integer> run =
        runner.submit(
            () -> Main.run(context, "run", "--store", home.resolve("runs.db").toString()));
    int exit;
    try {
      exit = run.get(10, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      run.cancel(true);
      throw new AssertionError(kind + ": tagship run still going after 10 s", e);
    }
    String output = out.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(output).isEqualTo(2);
    assertThat(output).containsPattern("line \\d+, column \\d+").doesNotContain("\tat ");
  }
}
