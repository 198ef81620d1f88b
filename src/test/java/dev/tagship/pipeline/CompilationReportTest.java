package dev.tagship.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.codehaus.groovy.control.CompilationUnit;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.Phases;
import org.junit.jupiter.api.Test;

/** Compilation errors as the console shows them. */
class CompilationReportTest {

  private static MultipleCompilationErrorsException compiling(String text) {
    return catchThrowableOfType(
        MultipleCompilationErrorsException.class,
        () -> {
          CompilationUnit unit = new CompilationUnit();
          unit.addSource(JenkinsGrammar.JENKINSFILE_SCRIPT_NAME, text);
          unit.compile(Phases.CLASS_GENERATION);
        });
  }

  @Test
  void anErrorGroovyReportsTwiceIsShownOnceWithItsSourceLineAndCaret() {
    String text = "def v = '" + "y".repeat(70_000) + "'\n";

    CompilationReport report = CompilationReport.of(compiling(text), List.of(), text);

    assertThat(report.heading())
        .startsWith("WorkflowScript: 1: String too long.")
        .endsWith("@ line 1, column 9.");
    assertThat(report.lines()).filteredOn(line -> line.contains("String too long")).hasSize(1);
    assertThat(report.lines()).contains("1 error").noneMatch(line -> line.length() > 400);
  }

  @Test
  void thousandsOfErrorsOfOneMistakeAreCountedButTheFirstTwentyShown() {
    String text = "def a = 1\n" + "def a = 2\n".repeat(500);

    CompilationReport report = CompilationReport.of(compiling(text), List.of(), text);

    assertThat(report.lines())
        .filteredOn(line -> line.startsWith("WorkflowScript: "))
        .hasSize(20)
        .first()
        .asString()
        .contains("@ line 2, column 5.");
    assertThat(report.lines()).contains("… and 480 more errors", "500 errors");
  }

  @Test
  void jenkinsGroovyErrorsAreReportedBeforeGroovy4sWhichBlameTheEnclosingBlock() {
    String text = "pipeline {\n  stages {\n    stage('A') { steps { echo('a' } }\n  }\n}\n";
    JenkinsGrammar.SyntaxError groovy24 =
        new JenkinsGrammar.SyntaxError(
            "WorkflowScript", 3, 34, "expecting ')', found '}' @ line 3, column 34.");

    CompilationReport report = CompilationReport.of(compiling(text), List.of(groovy24), text);

    assertThat(report.heading())
        .isEqualTo("WorkflowScript: 3: expecting ')', found '}' @ line 3, column 34.");
    assertThat(report.lines())
        .containsSequence(
            "WorkflowScript: 3: expecting ')', found '}' @ line 3, column 34.",
            "       stage('A') { steps { echo('a' } }",
            "   " + " ".repeat(33) + "^");
  }
}
