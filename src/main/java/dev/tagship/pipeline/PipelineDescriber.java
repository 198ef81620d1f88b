package dev.tagship.pipeline;

import java.util.List;
import org.codehaus.groovy.control.CompilationFailedException;

/**
 * Reads a Jenkinsfile's parameters and stages without running it — what a Build with Parameters
 * form is made from, before there is a run — from its syntax tree: no line of it is executed, so a
 * read-only request for a pipeline's form cannot run its code. See {@link SyntaxTreeDeclarations}.
 */
public final class PipelineDescriber {

  /**
   * @throws PipelineDescriptionException when the Jenkinsfile does not parse, or declares a
   *     parameter that cannot be read (an unknown kind, no name, a duplicate name)
   */
  public PipelineDescription describe(DescribeRequest request) {
    String text = LibraryAnnotations.strip(request.jenkinsfileText()).text();
    try {
      return SyntaxTreeDeclarations.read(text);
    } catch (CompilationFailedException e) {
      throw new PipelineDescriptionException(
          request.jenkinsfile()
              + " does not compile: "
              + CompilationReport.of(e, List.of(), text).heading(),
          e);
    } catch (SyntaxTreeDeclarations.InvalidDeclaration e) {
      throw new PipelineDescriptionException(
          request.jenkinsfile() + " cannot be described: " + e.getMessage(), e);
    }
  }

  /** A Jenkinsfile whose declarations cannot be read; the message says why. */
  public static final class PipelineDescriptionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PipelineDescriptionException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
