package dev.tagship.pipeline;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * A Jenkinsfile to describe without running it. It is read from its syntax tree, which needs
 * neither its libraries nor an environment: {@code workspace}, {@code libraries}, {@code
 * environment} and {@code clock} are kept so that callers need not change, and are not used.
 *
 * @param jenkinsfile names the file in messages
 * @param workspace the folder the pipeline would run in
 * @param libraries shared library folders by the name {@code @Library} asks for
 * @param environment the environment a run would start with
 */
public record DescribeRequest(
    Path jenkinsfile,
    String jenkinsfileText,
    Path workspace,
    Map<String, Path> libraries,
    Map<String, String> environment,
    Clock clock) {

  public DescribeRequest {
    if (jenkinsfileText == null) {
      throw new IllegalArgumentException("the Jenkinsfile's text is required");
    }
    libraries = Map.copyOf(libraries);
    environment = Map.copyOf(environment);
    clock = clock == null ? Clock.systemUTC() : clock;
  }
}
