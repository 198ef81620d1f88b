package dev.tagship.web;

import dev.tagship.pipeline.DescribeRequest;
import dev.tagship.pipeline.JenkinsfileText;
import dev.tagship.pipeline.PipelineDescriber;
import dev.tagship.pipeline.PipelineDescription;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The pipelines the dashboard can start: each {@code DIR/<name>/Jenkinsfile} is the pipeline {@code
 * <name>}, run with {@code DIR/<name>} as its workspace. Read afresh on every call, so a pipeline
 * added or edited shows up without a restart.
 */
final class PipelineCatalog {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  private final Path folder;
  private final Map<String, Path> libraries;
  private final Map<String, String> environment;
  private final Clock clock;

  /**
   * @param folder the pipelines folder, or null when the dashboard was started without one
   */
  PipelineCatalog(
      Path folder, Map<String, Path> libraries, Map<String, String> environment, Clock clock) {
    this.folder = folder;
    this.libraries = Map.copyOf(libraries);
    this.environment = Map.copyOf(environment);
    this.clock = clock;
  }

  List<String> names() {
    if (folder == null || !Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> children = Files.list(folder)) {
      return children
          .filter(child -> Files.isRegularFile(child.resolve("Jenkinsfile")))
          .map(child -> child.getFileName().toString())
          .filter(name -> NAME.matcher(name).matches())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The workspace of pipeline {@code name}; 404 when there is no such pipeline. */
  Path workspace(String name) {
    if (folder == null) {
      throw HttpProblem.notFound(
          "no pipelines: start tagship serve with --pipelines DIR, where each DIR/<name>/Jenkinsfile"
              + " is a pipeline");
    }
    if (name == null || !NAME.matcher(name).matches() || !names().contains(name)) {
      throw HttpProblem.notFound(
          "no pipeline '" + name + "'; known pipelines: " + names() + " (from " + folder + ")");
    }
    return folder.resolve(name);
  }

  Path jenkinsfile(String name) {
    return workspace(name).resolve("Jenkinsfile");
  }

  String text(String name) {
    try {
      return JenkinsfileText.read(jenkinsfile(name));
    } catch (JenkinsfileText.UnreadableException e) {
      throw new HttpProblem(422, e.getMessage(), Map.of("pipeline", name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Map<String, Path> libraries() {
    return libraries;
  }

  PipelineDescription describe(String name) {
    try {
      return new PipelineDescriber()
          .describe(
              new DescribeRequest(
                  jenkinsfile(name), text(name), workspace(name), libraries, environment, clock));
    } catch (PipelineDescriber.PipelineDescriptionException e) {
      throw new HttpProblem(422, e.getMessage(), Map.of("pipeline", name));
    }
  }
}
