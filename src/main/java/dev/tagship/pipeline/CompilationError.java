package dev.tagship.pipeline;

import dev.tagship.pipeline.dsl.DeclarativeException;
import java.util.List;

/**
 * A declarative error reported the way Jenkins reports it: as a compilation error of {@code
 * WorkflowScript}, with its line, its column and the line of the Jenkinsfile marked, e.g. {@code
 * WorkflowScript: 3: Undefined section "deploy" @ line 3, column 5.}.
 *
 * @param line 1-based; 0 when the Jenkinsfile line is not known
 * @param column 1-based: where the refused section starts on its line
 */
record CompilationError(String message, int line, int column, String sourceLine) {

  static CompilationError of(DeclarativeException error, String jenkinsfile) {
    int line = error.line().orElse(0);
    List<String> lines = jenkinsfile.lines().toList();
    if (line < 1 || line > lines.size()) {
      return new CompilationError(error.getMessage(), 0, 0, null);
    }
    String text = lines.get(line - 1);
    int indent = 0;
    while (indent < text.length() && Character.isWhitespace(text.charAt(indent))) {
      indent++;
    }
    return new CompilationError(error.getMessage(), line, indent + 1, text);
  }

  /** The first line of the error, as the build's error message. */
  String heading() {
    if (line == 0) {
      return DeclarativeException.SCRIPT_CLASS + ": " + message;
    }
    return DeclarativeException.SCRIPT_CLASS
        + ": "
        + line
        + ": "
        + message
        + " @ line "
        + line
        + ", column "
        + column
        + ".";
  }

  /**
   * The whole report of {@code errors}, as Groovy's MultipleCompilationErrorsException prints it.
   */
  static String report(List<CompilationError> errors) {
    StringBuilder report =
        new StringBuilder("org.codehaus.groovy.control.MultipleCompilationErrorsException:")
            .append(" startup failed:\n");
    for (CompilationError error : errors) {
      report.append(error.heading()).append('\n');
      if (error.sourceLine() != null) {
        report
            .append("   ")
            .append(error.sourceLine())
            .append('\n')
            .append("   ")
            .append(" ".repeat(error.column() - 1))
            .append("^\n");
      }
      report.append('\n');
    }
    return report
        .append(errors.size())
        .append(errors.size() == 1 ? " error\n" : " errors\n")
        .toString();
  }

  /** Every error of {@code error}, as compilation errors of the Jenkinsfile. */
  static List<CompilationError> all(DeclarativeException error, String jenkinsfile) {
    return error.errors().stream().map(each -> of(each, jenkinsfile)).toList();
  }
}
