package dev.tagship.pipeline;

import dev.tagship.pipeline.runtime.ChangeSet;
import dev.tagship.pipeline.runtime.ConcurrencyGuard;
import dev.tagship.pipeline.runtime.CurrentBuild;
import dev.tagship.pipeline.runtime.InputHandler;
import dev.tagship.pipeline.runtime.RunListener;
import dev.tagship.steps.Credentials;
import dev.tagship.steps.StepRegistry;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * One run of a Jenkinsfile.
 *
 * @param jenkinsfileText the Jenkinsfile's text; {@code jenkinsfile} names it in messages
 * @param workspace where steps run, normally the clone the Jenkinsfile is in
 * @param parameters values for the pipeline's {@code parameters}, as given with {@code -p}
 * @param libraries shared library folders by the name {@code @Library} asks for
 * @param environment the environment tagship was started with; the run sees it less tagship's
 *     secret variables and those the credentials were read from ({@link
 *     dev.tagship.pipeline.runtime.RunEnvironment})
 * @param previous the pipeline's previous completed run, or null
 * @param tagshipSteps the native steps (tagVersion, pushToAcr...)
 * @param grammar checks the Jenkinsfile against Jenkins' own Groovy 2.4 grammar; null skips it
 * @param compiledCache where compiled Jenkinsfiles are kept between runs; null compiles each time
 * @param concurrency what {@code disableConcurrentBuilds()} waits on; null for nothing
 * @param tagshipSettings settings only tagship's own steps read, never the run (the sandbox's
 *     cluster)
 */
public record RunRequest(
    String pipelineName,
    int buildNumber,
    Path jenkinsfile,
    String jenkinsfileText,
    Path workspace,
    Map<String, String> parameters,
    Map<String, Path> libraries,
    Credentials credentials,
    Map<String, String> environment,
    InputHandler input,
    PrintStream out,
    RunListener listener,
    CurrentBuild.PreviousBuild previous,
    ChangeSet changes,
    StepRegistry tagshipSteps,
    JenkinsGrammar grammar,
    Path compiledCache,
    ConcurrencyGuard concurrency,
    Clock clock,
    Map<String, String> tagshipSettings) {

  public RunRequest {
    parameters = Map.copyOf(parameters);
    libraries = Map.copyOf(libraries);
    environment = Map.copyOf(environment);
    tagshipSettings = Map.copyOf(tagshipSettings);
  }

  /** This request as the {@code number}th run of its pipeline, followed by {@code recorder}. */
  public RunRequest recorded(
      int number, CurrentBuild.PreviousBuild before, ChangeSet sinceBefore, RunListener recorder) {
    return new RunRequest(
        pipelineName,
        number,
        jenkinsfile,
        jenkinsfileText,
        workspace,
        parameters,
        libraries,
        credentials,
        environment,
        input,
        out,
        RunListeners.both(listener, recorder),
        before,
        sinceBefore,
        tagshipSteps,
        grammar,
        compiledCache,
        concurrency,
        clock,
        tagshipSettings);
  }
}
