package dev.tagship.pipeline;

import dev.tagship.pipeline.JenkinsGrammar.SyntaxError;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.messages.ExceptionMessage;
import org.codehaus.groovy.control.messages.Message;
import org.codehaus.groovy.control.messages.SimpleMessage;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.syntax.SyntaxException;

/**
 * Why a Jenkinsfile cannot be compiled, as Jenkins prints it: "startup failed:", then each error as
 * {@code WorkflowScript: LINE: message @ line LINE, column COLUMN.} with its source line and a
 * caret, then the count. Never a Java stack trace.
 *
 * <p>When Jenkins' own Groovy 2.4 finds errors they are the ones reported, even if Groovy 4 failed
 * too: they are what Jenkins would print, and 2.4's parser stops at the broken token, where Groovy
 * 4's often blames the start of the enclosing block ({@code pipeline {}).
 *
 * @param heading the first error, one line: the run's error message
 */
record CompilationReport(List<String> lines, String heading) {

  /** Errors longer than this are cut: Groovy 4 quotes whole blocks as the "unexpected input". */
  private static final int LONGEST_MESSAGE = 300;

  /** A duplicated block can make thousands of errors of one mistake; the first ones place it. */
  private static final int MOST_ERRORS_SHOWN = 20;

  static CompilationReport of(
      CompilationFailedException groovy4, List<SyntaxError> groovy24, String scriptText) {
    if (!groovy24.isEmpty()) {
      return of(groovy24, "", scriptText);
    }
    List<Error> errors = new ArrayList<>();
    if (groovy4 instanceof MultipleCompilationErrorsException multiple
        && multiple.getErrorCollector().getErrors() != null) {
      for (Message message : multiple.getErrorCollector().getErrors()) {
        errors.add(error(message));
      }
    }
    if (errors.isEmpty()) {
      errors.add(new Error(0, 0, firstLine(groovy4.getMessage())));
    }
    return report(errors, "", scriptText);
  }

  /**
   * @param remark a line after the count, or empty
   */
  static CompilationReport of(List<SyntaxError> groovy24, String remark, String scriptText) {
    List<Error> errors = new ArrayList<>();
    for (SyntaxError error : groovy24) {
      errors.add(new Error(error.line(), error.column(), withoutPlace(error.message())));
    }
    return report(errors, remark, scriptText);
  }

  private static CompilationReport report(List<Error> found, String remark, String scriptText) {
    Set<Error> errors = new LinkedHashSet<>(found); // Groovy 4 reports some errors twice
    List<String> source = scriptText.lines().toList();
    List<String> lines = new ArrayList<>();
    lines.add("org.codehaus.groovy.control.MultipleCompilationErrorsException: startup failed:");
    int shown = 0;
    for (Error error : errors) {
      if (++shown > MOST_ERRORS_SHOWN) {
        lines.add("… and " + (errors.size() - MOST_ERRORS_SHOWN) + " more errors");
        break;
      }
      lines.add(error.heading());
      if (error.line() >= 1 && error.line() <= source.size()) {
        lines.add("   " + shorten(source.get(error.line() - 1)));
        if (error.column() - 1 <= LONGEST_MESSAGE) {
          lines.add("   " + " ".repeat(Math.max(0, error.column() - 1)) + "^");
        }
        lines.add("");
      }
    }
    if (!lines.get(lines.size() - 1).isEmpty()) {
      lines.add("");
    }
    lines.add(errors.size() + (errors.size() == 1 ? " error" : " errors"));
    if (!remark.isEmpty()) {
      lines.add(remark);
    }
    return new CompilationReport(List.copyOf(lines), errors.iterator().next().heading());
  }

  private static Error error(Message message) {
    if (message instanceof SyntaxErrorMessage syntax) {
      SyntaxException cause = syntax.getCause();
      return new Error(cause.getLine(), cause.getStartColumn(), cause.getOriginalMessage());
    }
    if (message instanceof SimpleMessage simple) {
      return new Error(0, 0, firstLine(simple.getMessage()));
    }
    if (message instanceof ExceptionMessage exception) {
      Exception cause = exception.getCause();
      return new Error(0, 0, firstLine(String.valueOf(cause.getMessage())));
    }
    StringWriter written = new StringWriter();
    try (PrintWriter writer = new PrintWriter(written)) {
      message.write(writer);
    }
    return new Error(0, 0, firstLine(written.toString()));
  }

  private static String withoutPlace(String message) {
    return message.replaceFirst("\\s*@ line \\d+, column \\d+\\.\\s*$", "");
  }

  private static String firstLine(String text) {
    String stripped = text == null ? "" : text.strip();
    int newline = stripped.indexOf('\n');
    return shorten(newline < 0 ? stripped : stripped.substring(0, newline).strip() + " …");
  }

  private static String shorten(String text) {
    return text.length() <= LONGEST_MESSAGE ? text : text.substring(0, LONGEST_MESSAGE) + " …";
  }

  /** One error; line 0 when it has no place. */
  private record Error(int line, int column, String message) {
    Error {
      message = firstLine(message);
    }

    String heading() {
      String script = JenkinsGrammar.JENKINSFILE_SCRIPT_NAME;
      if (line < 1) {
        return script + ": " + message;
      }
      return script + ": " + line + ": " + message + " @ line " + line + ", column " + column + ".";
    }
  }
}
