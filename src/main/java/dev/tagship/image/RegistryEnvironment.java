package dev.tagship.image;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads registry sign-in from the environment the way Docker and CI users expect: user name and
 * password variables, then a Docker {@code config.json} ({@code DOCKER_CONFIG}, else {@code
 * ~/.docker}). Callers pass the environment in.
 */
public final class RegistryEnvironment {

  public static final String USERNAME = "TAGSHIP_REGISTRY_USERNAME";
  public static final String PASSWORD = "TAGSHIP_REGISTRY_PASSWORD";

  private RegistryEnvironment() {}

  /** Credentials from the two variables, or null unless both are set. */
  public static RegistryCredentials credentials(Map<String, String> env) {
    String username = env.get(USERNAME);
    String password = env.get(PASSWORD);
    if (username == null || username.isEmpty() || password == null || password.isEmpty()) {
      return null;
    }
    return new RegistryCredentials(username, password);
  }

  /** The Docker config file that exists, or null. */
  public static Path dockerConfig(Map<String, String> env) {
    String dir = env.get("DOCKER_CONFIG");
    if (dir == null || dir.isBlank()) {
      String home = env.get("HOME");
      if (home == null || home.isBlank()) {
        return null;
      }
      dir = Path.of(home, ".docker").toString();
    }
    Path config = Path.of(dir, "config.json");
    return Files.isRegularFile(config) ? config : null;
  }

  /**
   * Parses a source the way the CLI and the step take it (see {@link ImageSource}); {@code env}
   * says where a Docker daemon listens.
   */
  public static ImageSource source(String image, String from, Path base, Map<String, String> env) {
    if ((image == null) == (from == null)) {
      throw ImageException.usage(
          "give exactly one image source: docker-archive:PATH, oci-archive:PATH, oci:DIR[:REF],"
              + " docker-daemon:IMAGE, or --from REGISTRY/REPOSITORY:TAG");
    }
    return from != null
        ? new ImageSource.RegistryImage(ImageReference.parse(from))
        : ImageSource.parse(image, base, env);
  }
}
