package dev.tagship.version;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reads what CI systems put in the environment about a build: the branch of a detached checkout,
 * the build URL, git credentials. Callers pass the environment in, so tests and the pipeline engine
 * control it.
 */
public final class GitEnvironment {

  /** Jenkins (multibranch, then the git plugin) and Bitbucket Pipelines, in that order. */
  static final List<String> BRANCH_VARIABLES =
      List.of("BRANCH_NAME", "GIT_BRANCH", "BITBUCKET_BRANCH");

  public static final String USERNAME = "TAGSHIP_GIT_USERNAME";
  public static final String PASSWORD = "TAGSHIP_GIT_PASSWORD";
  public static final String CREDENTIALS_FILE = "TAGSHIP_GIT_CREDENTIALS_FILE";

  private GitEnvironment() {}

  public static String branch(Map<String, String> env) {
    for (String name : BRANCH_VARIABLES) {
      String value = env.get(name);
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return null;
  }

  /** Jenkins' BUILD_URL, or the Bitbucket Pipelines result page. */
  public static String buildUrl(Map<String, String> env) {
    String jenkins = env.get("BUILD_URL");
    if (jenkins != null && !jenkins.isBlank()) {
      return jenkins;
    }
    String origin = env.get("BITBUCKET_GIT_HTTP_ORIGIN");
    String number = env.get("BITBUCKET_BUILD_NUMBER");
    if (origin != null && number != null) {
      return origin + "/addon/pipelines/home#!/results/" + number;
    }
    return null;
  }

  /** Credentials from TAGSHIP_GIT_USERNAME / TAGSHIP_GIT_PASSWORD, or null when not both set. */
  public static GitCredentials credentials(Map<String, String> env) {
    String username = env.get(USERNAME);
    String password = env.get(PASSWORD);
    if (username == null || username.isEmpty() || password == null || password.isEmpty()) {
      return null;
    }
    return new GitCredentials(username, password);
  }

  public static Path credentialsFile(Map<String, String> env) {
    String file = env.get(CREDENTIALS_FILE);
    return file == null || file.isBlank() ? null : Path.of(file);
  }
}
