package dev.tagship.image;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a Docker Engine (or Podman's Docker-compatible service) listens, read from the environment
 * as the docker CLI reads it: {@code DOCKER_HOST}, {@code DOCKER_TLS_VERIFY}, {@code
 * DOCKER_CERT_PATH}. Docker contexts ({@code docker context use}) are not read: set {@code
 * DOCKER_HOST} instead.
 */
public sealed interface DockerEndpoint {

  Path DEFAULT_SOCKET = Path.of("/var/run/docker.sock");

  /** As a user writes it in {@code DOCKER_HOST}; every message about the daemon names it. */
  String address();

  /** A Unix domain socket, e.g. {@code /var/run/docker.sock}. */
  record UnixSocket(Path socket) implements DockerEndpoint {

    public UnixSocket {
      if (socket == null || !socket.isAbsolute()) {
        throw ImageException.usage(
            "the Docker socket must be an absolute path, e.g. unix:///var/run/docker.sock, not "
                + socket);
      }
    }

    @Override
    public String address() {
      return "unix://" + socket;
    }
  }

  /**
   * A daemon on TCP: plain HTTP, or TLS when {@code tlsCertificates} is set.
   *
   * @param tlsCertificates the folder with ca.pem (the daemon's CA), cert.pem and key.pem (this
   *     client's certificate); null for plain HTTP
   */
  record Tcp(String host, int port, Path tlsCertificates) implements DockerEndpoint {

    public Tcp {
      if (host == null || host.isBlank() || port < 1 || port > 65535) {
        throw ImageException.usage(
            "DOCKER_HOST needs a host and port, e.g. tcp://127.0.0.1:2375, not tcp://"
                + host
                + ":"
                + port);
      }
    }

    @Override
    public String address() {
      return "tcp://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
  }

  /** {@code DOCKER_HOST}, else the default socket {@code /var/run/docker.sock}. */
  static DockerEndpoint fromEnvironment(Map<String, String> env) {
    String dockerHost = env.getOrDefault("DOCKER_HOST", "").trim();
    if (dockerHost.isEmpty()) {
      return new UnixSocket(DEFAULT_SOCKET);
    }
    if (dockerHost.startsWith("unix://")) {
      return new UnixSocket(Path.of(dockerHost.substring("unix://".length())));
    }
    if (dockerHost.startsWith("tcp://")) {
      return tcp(dockerHost, env);
    }
    throw ImageException.usage(
        "DOCKER_HOST="
            + dockerHost
            + " is not supported: tagship reaches a Docker daemon at unix:///PATH/docker.sock or"
            + " tcp://HOST:PORT. For ssh:// forward the socket first (ssh -L"
            + " /tmp/docker.sock:/var/run/docker.sock HOST, then DOCKER_HOST=unix:///tmp/docker.sock),"
            + " or save the image with `docker save -o image.tar IMAGE` and push"
            + " docker-archive:image.tar");
  }

  private static DockerEndpoint tcp(String dockerHost, Map<String, String> env) {
    URI uri;
    try {
      uri = new URI(dockerHost);
    } catch (URISyntaxException e) {
      throw ImageException.usage(
          "DOCKER_HOST=" + dockerHost + " is not a URL like tcp://HOST:PORT: " + e.getMessage());
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    if (uri.getHost() == null || !(path.isEmpty() || path.equals("/")) || uri.getQuery() != null) {
      throw ImageException.usage(
          "DOCKER_HOST=" + dockerHost + " must be tcp://HOST:PORT, e.g. tcp://127.0.0.1:2375");
    }
    Path certificates = tlsCertificates(env);
    // the docker CLI's defaults: 2376 is the TLS port, 2375 the plain one
    int port = uri.getPort() > 0 ? uri.getPort() : certificates == null ? 2375 : 2376;
    String host = uri.getHost().replaceAll("^\\[|]$", "");
    return new Tcp(host, port, certificates);
  }

  /**
   * {@code DOCKER_CERT_PATH} (else {@code DOCKER_CONFIG}, else {@code ~/.docker}) when {@code
   * DOCKER_TLS_VERIFY} is set to anything, as the docker CLI decides; null otherwise.
   */
  private static Path tlsCertificates(Map<String, String> env) {
    if (env.getOrDefault("DOCKER_TLS_VERIFY", "").isEmpty()) {
      return null;
    }
    String certPath = env.getOrDefault("DOCKER_CERT_PATH", "");
    String configDir = env.getOrDefault("DOCKER_CONFIG", "");
    String home = env.getOrDefault("HOME", "");
    Path folder =
        !certPath.isEmpty()
            ? Path.of(certPath)
            : !configDir.isEmpty()
                ? Path.of(configDir)
                : home.isEmpty() ? null : Path.of(home, ".docker");
    if (folder == null || !Files.isDirectory(folder)) {
      throw ImageException.usage(
          "DOCKER_TLS_VERIFY is set, but the folder with the daemon's certificates ("
              + (folder == null ? "DOCKER_CERT_PATH" : folder)
              + ") does not exist: set DOCKER_CERT_PATH to the folder with ca.pem, cert.pem and"
              + " key.pem");
    }
    return folder;
  }
}
