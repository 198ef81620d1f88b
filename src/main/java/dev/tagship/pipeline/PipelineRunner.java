package dev.tagship.pipeline;

import dev.tagship.core.TempFolders;
import dev.tagship.pipeline.dsl.DeclarativeException;
import dev.tagship.pipeline.runtime.AbortException;
import dev.tagship.pipeline.runtime.ConcurrencyGuard;
import dev.tagship.pipeline.runtime.CurrentBuild;
import dev.tagship.pipeline.runtime.Failures;
import dev.tagship.pipeline.runtime.FlowInterruptedException;
import dev.tagship.pipeline.runtime.Libraries;
import dev.tagship.pipeline.runtime.ParameterValues;
import dev.tagship.pipeline.runtime.PipelineRun;
import dev.tagship.pipeline.runtime.PipelineScript;
import dev.tagship.pipeline.runtime.Result;
import dev.tagship.pipeline.runtime.RunLog;
import dev.tagship.pipeline.runtime.RunStorage;
import dev.tagship.pipeline.steps.BuiltinSteps;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.codehaus.groovy.control.CompilationFailedException;

/**
 * Runs a Jenkinsfile: loads the libraries it asks for, compiles it, runs it with Jenkins' semantics
 * and log, and reports the result. The entry point of {@code tagship run}.
 */
public final class PipelineRunner {

  /**
   * @throws ParameterValues.ParameterException when {@code -p} values do not fit the pipeline's
   *     parameters; nothing has run then
   */
  public RunResult run(RunRequest request) throws IOException {
    Instant start = request.clock().instant();
    Path stashes = TempFolders.create("stashes-");
    Path artifacts = TempFolders.create("artifacts-");
    RunLog log = new RunLog(request.out(), request.listener()::line, request.clock());
    Libraries libraries = new Libraries(request.libraries(), request.compiledCache());
    Map<String, String> environment = new LinkedHashMap<>(request.environment());
    environment.putIfAbsent("BUILD_NUMBER", Integer.toString(request.buildNumber()));
    environment.putIfAbsent("BUILD_ID", Integer.toString(request.buildNumber()));
    environment.putIfAbsent("JOB_NAME", request.pipelineName());
    environment.putIfAbsent("WORKSPACE", request.workspace().toString());
    CurrentBuild currentBuild =
        CurrentBuild.start(
            request.buildNumber(), request.pipelineName(), request.clock(), request.previous());
    Throwable failure = null;
    try (PipelineRun run =
        new PipelineRun(
            log,
            environment,
            request.tagshipSettings(),
            request.parameters(),
            request.changes(),
            currentBuild,
            request.credentials(),
            request.input(),
            BuiltinSteps.with(request.tagshipSteps()),
            libraries,
            request.listener(),
            request.clock(),
            request.workspace(),
            new RunStorage(stashes, artifacts),
            request.concurrency() == null ? ConcurrencyGuard.NONE : request.concurrency(),
            request.pipelineName())) {
      log.output("Started by user " + environment.getOrDefault("USER", "tagship"));
      // Jenkins' grammar is checked while the libraries load and the script compiles.
      CompletableFuture<List<JenkinsGrammar.SyntaxError>> syntax =
          request.grammar() == null
              ? CompletableFuture.completedFuture(List.of())
              : CompletableFuture.supplyAsync(
                  () ->
                      request
                          .grammar()
                          .check(
                              request.jenkinsfileText(), JenkinsGrammar.JENKINSFILE_SCRIPT_NAME));
      LibraryAnnotations annotations = LibraryAnnotations.strip(request.jenkinsfileText());
      PipelineScript script;
      try {
        for (String library : annotations.libraries()) {
          String line = libraries.load(library);
          if (line != null) {
            log.output(line);
          }
        }
        script = run.load(annotations.text());
      } catch (CompilationFailedException e) {
        return unreadable(
            log,
            currentBuild,
            start,
            request,
            CompilationReport.of(e, syntax.join(), request.jenkinsfileText()));
      } catch (AbortException e) {
        // Jenkins parses the Jenkinsfile before it resolves its libraries
        if (!syntax.join().isEmpty()) {
          return unreadable(
              log,
              currentBuild,
              start,
              request,
              CompilationReport.of(syntax.join(), "", request.jenkinsfileText()));
        }
        log.output("ERROR: " + e.getMessage());
        return finish(log, currentBuild, start, request, Result.FAILURE, e.getMessage());
      }
      List<JenkinsGrammar.SyntaxError> errors = syntax.join();
      if (!errors.isEmpty()) {
        return unreadable(
            log,
            currentBuild,
            start,
            request,
            CompilationReport.of(
                errors,
                "(Jenkins parses Jenkinsfiles with Groovy 2.4: this would fail there, so it fails"
                    + " here)",
                request.jenkinsfileText()));
      }
      // Jenkins refuses an invalid declarative Jenkinsfile when compiling it, before the pipeline
      // starts; tagship finds out while reading the pipeline block, before anything is logged.
      log.deferPipeline("Start of Pipeline");
      try {
        script.run();
      } catch (ParameterValues.ParameterException e) {
        throw e;
      } catch (Throwable e) {
        failure = e;
      }
      DeclarativeException invalid = causeOf(failure, DeclarativeException.class);
      if (invalid != null && log.dropDeferred()) {
        List<CompilationError> refused = CompilationError.all(invalid, annotations.text());
        log.output(CompilationError.report(refused));
        return finish(log, currentBuild, start, request, Result.FAILURE, refused.get(0).heading());
      }
      log.pipeline("End of Pipeline");
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot instantiate the compiled Jenkinsfile", e);
    } finally {
      TempFolders.deleteQuietly(stashes);
      TempFolders.deleteQuietly(artifacts);
    }
    Result result = currentBuild.currentResult();
    String message = null;
    if (failure != null) {
      message = describe(failure);
      if (failure instanceof FlowInterruptedException interrupted) {
        result = result.combine(interrupted.result());
        log.output(message);
      } else if (causeOf(failure, InterruptedException.class) != null) {
        // the run itself was interrupted (aborted from the dashboard, or its supervisor is gone)
        result = result.combine(Result.ABORTED);
        message = "Aborted";
        log.output(message);
      } else {
        result = result.combine(Result.FAILURE);
        log.output("ERROR: " + message);
      }
    }
    return finish(log, currentBuild, start, request, result, message);
  }

  private static RunResult finish(
      RunLog log,
      CurrentBuild build,
      Instant start,
      RunRequest request,
      Result result,
      String message) {
    log.output("Finished: " + result.name());
    return new RunResult(
        result,
        Duration.between(start, request.clock().instant()),
        message == null ? null : log.masker().mask(message));
  }

  /** A run that ends before it starts: its Jenkinsfile does not compile. */
  private static RunResult unreadable(
      RunLog log, CurrentBuild build, Instant start, RunRequest request, CompilationReport report) {
    report.lines().forEach(log::output);
    return finish(log, build, start, request, Result.FAILURE, report.heading()).unreadable();
  }

  /** The first of {@code failure}'s causes (itself included) of {@code type}, or null. */
  private static <T extends Throwable> T causeOf(Throwable failure, Class<T> type) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return type.cast(cause);
      }
    }
    return null;
  }

  private static String describe(Throwable failure) {
    Throwable shown = failure;
    while (shown.getClass() == RuntimeException.class && shown.getCause() != null) {
      shown = shown.getCause();
    }
    // the class name Jenkins' compile errors start with, for an error found while reading
    return shown instanceof DeclarativeException
        ? "WorkflowScript: " + shown.getMessage()
        : Failures.describe(shown);
  }
}
