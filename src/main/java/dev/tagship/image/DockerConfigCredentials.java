package dev.tagship.image;

import dev.tagship.core.JsonTree;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The credentials a Docker {@code config.json} holds for one registry, found as Docker finds them:
 * a credential helper named for the registry in {@code credHelpers}, else the default {@code
 * credsStore} helper, else the {@code auths} entry ({@code auth} = base64 of user:password, or
 * {@code identitytoken}). Helpers are the {@code docker-credential-NAME} programs on the PATH,
 * asked with {@code get} and the registry on standard input; nothing lands on a command line.
 */
final class DockerConfigCredentials {

  /** The server address Docker gives credential helpers for Docker Hub. */
  static final String DOCKER_HUB_SERVER = "https://index.docker.io/v1/";

  private static final long HELPER_TIMEOUT_SECONDS = 30;

  private final Path config;
  private final List<Path> helperFolders;

  /** Looks helpers up on this process's PATH. */
  DockerConfigCredentials(Path config) {
    this(config, searchPath(System.getenv("PATH")));
  }

  DockerConfigCredentials(Path config, List<Path> helperFolders) {
    this.config = config;
    this.helperFolders = helperFolders;
  }

  /** The credentials for {@code registry} (host[:port]), or null when the file has none. */
  RegistryCredentials find(String registry) {
    JsonTree root;
    try {
      root = JsonTree.parse(config);
    } catch (IOException e) {
      throw ImageException.usage(
          "cannot read the Docker config " + config + ": " + e.getMessage() + "; fix or remove it");
    }
    String helper = root.path("credHelpers").path(registry).asText("");
    if (!helper.isEmpty()) {
      return fromHelper(helper, registry);
    }
    String store = root.path("credsStore").asText("");
    if (!store.isEmpty()) {
      RegistryCredentials stored = fromHelper(store, registry);
      if (stored != null) {
        return stored;
      }
    }
    JsonTree auths = root.path("auths");
    for (Map.Entry<String, JsonTree> entry : auths.fields().entrySet()) {
      String host = host(entry.getKey());
      if (host.equals(registry)
          || (registry.equals("docker.io") && host.equals("index.docker.io"))) {
        return fromAuth(entry.getValue(), registry);
      }
    }
    return null;
  }

  private RegistryCredentials fromAuth(JsonTree auth, String registry) {
    String identityToken = auth.path("identitytoken").asText("");
    if (!identityToken.isEmpty()) {
      return new RegistryCredentials(RegistryAuthorizer.IDENTITY_TOKEN_USER, identityToken);
    }
    String encoded = auth.path("auth").asText("");
    if (!encoded.isEmpty()) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw ImageException.usage(
            "the auth of " + registry + " in " + config + " is not base64 of user:password");
      }
      int colon = decoded.indexOf(':');
      if (colon <= 0) {
        throw ImageException.usage(
            "the auth of " + registry + " in " + config + " is not base64 of user:password");
      }
      return new RegistryCredentials(decoded.substring(0, colon), decoded.substring(colon + 1));
    }
    String username = auth.path("username").asText("");
    String password = auth.path("password").asText("");
    return username.isEmpty() || password.isEmpty()
        ? null
        : new RegistryCredentials(username, password);
  }

  private RegistryCredentials fromHelper(String helper, String registry) {
    String program = "docker-credential-" + helper;
    Path executable =
        helperFolders.stream()
            .map(folder -> folder.resolve(program))
            .filter(Files::isExecutable)
            .findFirst()
            .orElseThrow(
                () ->
                    ImageException.usage(
                        config
                            + " names the credential helper '"
                            + helper
                            + "' for "
                            + registry
                            + ", but "
                            + program
                            + " is not on the PATH; install it or remove it from the file"));
    try {
      Process process =
          new ProcessBuilder(executable.toString(), "get")
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      byte[] answer;
      try {
        try (OutputStream in = process.getOutputStream()) {
          // Docker asks helpers for Docker Hub under its historical address
          in.write(
              (registry.equals("docker.io") ? DOCKER_HUB_SERVER : registry)
                  .getBytes(StandardCharsets.UTF_8));
        }
        // read aside, so a helper that waits for a prompt cannot hold the push past the timeout
        CompletableFuture<byte[]> output =
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return process.getInputStream().readAllBytes();
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                });
        if (!process.waitFor(HELPER_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          throw ImageException.failure(
              program
                  + " get did not answer for "
                  + registry
                  + " within "
                  + HELPER_TIMEOUT_SECONDS
                  + " s (is it waiting for a password prompt?)");
        }
        answer = output.get(HELPER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        throw ImageException.failure(program + " get gave no answer for " + registry, e);
      } finally {
        process.destroyForcibly();
      }
      if (process.exitValue() != 0) {
        return null; // "credentials not found": the helper has nothing for this registry
      }
      JsonTree found = JsonTree.parse(answer);
      String username = found.path("Username").asText("");
      String secret = found.path("Secret").asText("");
      return username.isEmpty() || secret.isEmpty()
          ? null
          : new RegistryCredentials(username, secret);
    } catch (IOException e) {
      throw ImageException.failure(
          program + " get failed for " + registry + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ImageException.failure("interrupted while asking " + program, e);
    }
  }

  /** {@code https://myreg.azurecr.io/v1/} and {@code myreg.azurecr.io} name the same registry. */
  static String host(String key) {
    String host = key.replaceFirst("^[a-zA-Z]+://", "");
    int slash = host.indexOf('/');
    return slash < 0 ? host : host.substring(0, slash);
  }

  private static List<Path> searchPath(String path) {
    List<Path> folders = new ArrayList<>();
    if (path != null) {
      for (String folder : path.split(File.pathSeparator)) {
        if (!folder.isEmpty()) {
          folders.add(Path.of(folder));
        }
      }
    }
    return folders;
  }
}
