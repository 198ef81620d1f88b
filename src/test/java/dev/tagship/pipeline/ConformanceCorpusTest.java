package dev.tagship.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tagship.pipeline.store.PipelineLocks;
import dev.tagship.steps.Credentials;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every Jenkinsfile of the conformance corpus ({@code src/test/resources/conformance}) and
 * checks the result, the exit code and the log lines Jenkins would give for it (see {@link
 * ConformanceCase} for the expectation format).
 */
class ConformanceCorpusTest {

  @TempDir Path workspace;

  static Stream<ConformanceCase> corpus() throws IOException, URISyntaxException {
    List<ConformanceCase> cases = new ArrayList<>();
    for (Path jenkinsfile : jenkinsfiles()) {
      cases.add(ConformanceCase.read(jenkinsfile));
    }
    return cases.stream();
  }

  private static List<Path> jenkinsfiles() throws IOException, URISyntaxException {
    Path root = Path.of(ConformanceCorpusTest.class.getResource("/conformance").toURI());
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(f -> f.toString().endsWith(".expected"))
          .map(f -> f.resolveSibling(f.getFileName().toString().replace(".expected", ".groovy")))
          .sorted()
          .toList();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void runsAsJenkinsDoes(ConformanceCase expected) throws Exception {
    Assumptions.assumeTrue(
        expected.disabledBecause() == null, () -> "disabled: " + expected.disabledBecause());
    PipelineHarness harness =
        new PipelineHarness(workspace)
            .credentials(Credentials.of(expected.credentials()))
            .input(expected.inputHandler())
            .changes(expected.changes())
            // as tagship run does: disableConcurrentBuilds() and lock() hold operating-system locks
            .concurrency(new PipelineLocks(workspace.resolve(".locks")));
    expected.parameters().forEach(harness::parameter);
    expected.environment().forEach(harness::env);
    expected.libraries().forEach(harness::library);
    if (expected.previousResult() != null) {
      harness.previous(expected.previousResult());
    }
    var outcome = harness.run(expected.jenkinsfile());
    String context = expected.name() + " log:\n" + outcome.log();
    assertThat(outcome.result().result()).as(context).isEqualTo(expected.result());
    assertThat(outcome.result().exitCode()).as(context).isEqualTo(expected.exitCode());
    assertInOrder(outcome.lines(), expected.inOrder(), context);
    for (ConformanceCase.LogLine absent : expected.never()) {
      assertThat(outcome.lines()).as(context).noneMatch(absent::matches);
    }
    assertAppears(outcome.lines(), expected.once(), 1, context);
    assertAppears(outcome.lines(), expected.twice(), 2, context);
  }

  private static void assertAppears(
      List<String> lines, List<ConformanceCase.LogLine> wanted, int times, String context) {
    for (ConformanceCase.LogLine line : wanted) {
      assertThat(lines.stream().filter(line::matches).count())
          .as("how often %s appears\n%s", line, context)
          .isEqualTo(times);
    }
  }

  private static void assertInOrder(
      List<String> lines, List<ConformanceCase.LogLine> wanted, String context) {
    int at = 0;
    for (ConformanceCase.LogLine line : wanted) {
      while (at < lines.size() && !line.matches(lines.get(at))) {
        at++;
      }
      assertThat(at)
          .as("expected, after the lines before it, a log line %s\n%s", line, context)
          .isLessThan(lines.size());
      at++;
    }
  }

  @Test
  void everyExpectationHasItsJenkinsfile() throws Exception {
    List<Path> jenkinsfiles = jenkinsfiles();
    assertThat(jenkinsfiles).hasSizeGreaterThanOrEqualTo(50);
    assertThat(jenkinsfiles).allMatch(Files::isRegularFile);
  }
}
