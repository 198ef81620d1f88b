package dev.tagship.pipeline;

import dev.tagship.pipeline.model.PipelineDefinition;
import dev.tagship.pipeline.model.Stage;
import dev.tagship.pipeline.runtime.AbortException;
import dev.tagship.pipeline.runtime.DeclarativeModel;
import dev.tagship.pipeline.runtime.Libraries;
import org.codehaus.groovy.control.CompilationFailedException;

/**
 * Reads a Jenkinsfile's parameters and stages without running it: what a Build with Parameters form
 * is made from, before there is a run.
 */
public final class PipelineDescriber {

  /**
   * @throws PipelineDescriptionException when the Jenkinsfile does not compile, has no {@code
   *     pipeline} block, or calls a step outside it
   */
  public PipelineDescription describe(DescribeRequest request) {
    Libraries libraries = new Libraries(request.libraries());
    LibraryAnnotations annotations = LibraryAnnotations.strip(request.jenkinsfileText());
    try {
      for (String library : annotations.libraries()) {
        libraries.load(library);
      }
      PipelineDefinition definition =
          DeclarativeModel.read(
              annotations.text(),
              libraries,
              request.environment(),
              request.workspace(),
              request.clock());
      return new PipelineDescription(
          definition.parameters(), definition.stages().stream().map(Stage::name).toList());
    } catch (CompilationFailedException e) {
      throw new PipelineDescriptionException(
          request.jenkinsfile() + " does not compile: " + e.getMessage().trim(), e);
    } catch (AbortException | dev.tagship.pipeline.dsl.DeclarativeException e) {
      throw new PipelineDescriptionException(
          request.jenkinsfile() + " cannot be described: " + e.getMessage(), e);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot instantiate the compiled Jenkinsfile", e);
    } catch (RuntimeException e) {
      throw new PipelineDescriptionException(
          request.jenkinsfile()
              + " cannot be described: "
              + e.getMessage()
              + " (only variables may be set outside the pipeline block; steps run inside it)",
          e);
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
