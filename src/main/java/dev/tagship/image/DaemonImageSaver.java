package dev.tagship.image;

import dev.tagship.core.Event;
import dev.tagship.core.EventListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Copies an image out of a Docker daemon into a tarball, as {@code docker save} does: asks whether
 * a daemon answers ({@code /_ping}) and has the image ({@code /images/NAME/json}), then streams the
 * export ({@code /images/NAME/get}) into a file only this user can read.
 */
final class DaemonImageSaver {

  private static final Duration ANSWER_WITHIN = Duration.ofSeconds(30);

  private final EventListener events;

  DaemonImageSaver(EventListener events) {
    this.events = events;
  }

  void save(ImageSource.DaemonImage image, Path tarball) {
    DockerEndpoint endpoint = image.endpoint();
    DockerEngineClient engine = new DockerEngineClient(endpoint);
    ping(engine, image);
    String imagePath = "/images/" + pathEncoded(image.name());
    String id = inspect(engine, image, imagePath + "/json");
    events.on(
        Event.info(
            "Saving "
                + image.name()
                + (id.isEmpty() ? "" : " (" + id + ")")
                + " from the Docker daemon at "
                + endpoint.address()));
    export(engine, image, imagePath + "/get", tarball);
  }

  private void ping(DockerEngineClient engine, ImageSource.DaemonImage image) {
    DockerEndpoint endpoint = image.endpoint();
    try (EngineResponse ping = engine.get("/_ping", ANSWER_WITHIN)) {
      if (ping.status() != 200) {
        String message = ping.errorMessage();
        throw ImageException.failure(
            "the Docker daemon at "
                + endpoint.address()
                + " answered /_ping with HTTP "
                + ping.status()
                + ": "
                + message
                + (message.contains("HTTPS") ? tlsHint(endpoint) : ""));
      }
    } catch (EngineConnection.Unreachable e) {
      throw noDaemon(image, e);
    } catch (InterruptedIOException e) {
      throw ImageException.failure(
          "the Docker daemon at "
              + endpoint.address()
              + " accepts connections but does not answer ("
              + e.getMessage()
              + "); is it stuck? `docker info` tells",
          e);
    } catch (IOException e) {
      if (endpoint instanceof DockerEndpoint.Tcp tcp && tcp.tlsCertificates() != null) {
        // TLS 1.3 servers refuse a client certificate after the handshake: a broken pipe here
        throw ImageException.failure(
            "TLS with the Docker daemon at "
                + endpoint.address()
                + " failed ("
                + e.getMessage()
                + "): "
                + tcp.tlsCertificates()
                + " must hold the daemon's CA (ca.pem) and a client certificate it accepts"
                + " (cert.pem, key.pem)",
            e);
      }
      throw ImageException.failure(
          endpoint.address()
              + " does not answer as a Docker daemon ("
              + e.getMessage()
              + ")"
              + tlsHint(endpoint),
          e);
    }
  }

  /** The image's ID, shortened as {@code docker image ls} shows it; empty when not given. */
  private String inspect(DockerEngineClient engine, ImageSource.DaemonImage image, String path) {
    String where = " in the Docker daemon at " + image.endpoint().address();
    try (EngineResponse inspect = engine.get(path, ANSWER_WITHIN)) {
      if (inspect.status() == 404) {
        throw ImageException.usage(
            "no such image "
                + image.name()
                + where
                + "; `docker image ls` lists the images it has (build or pull the image first)");
      }
      if (inspect.status() == 400) {
        throw ImageException.usage(
            "'"
                + image.name()
                + "' is not an image name"
                + where
                + ": "
                + inspect.errorMessage()
                + "; give NAME:TAG, NAME@sha256:DIGEST or an image ID");
      }
      if (inspect.status() != 200) {
        throw ImageException.failure(
            "cannot inspect " + image.name() + where + ": " + inspect.errorMessage());
      }
      String id = inspect.json().path("Id").asText("").replaceFirst("^sha256:", "");
      return id.substring(0, Math.min(12, id.length()));
    } catch (IOException e) {
      throw ImageException.failure(
          "lost the Docker daemon at "
              + image.endpoint().address()
              + " while inspecting "
              + image.name()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private void export(
      DockerEngineClient engine, ImageSource.DaemonImage image, String path, Path tarball) {
    String from = " from the Docker daemon at " + image.endpoint().address();
    try (EngineResponse export = engine.get(path, null)) {
      if (export.status() != 200) {
        throw ImageException.failure(
            "cannot save " + image.name() + from + ": " + export.errorMessage());
      }
      long bytes;
      try (InputStream in =
              new ProgressStream(export.body(), "Saving " + image.name(), -1, events);
          OutputStream out = Files.newOutputStream(TempFolders.createFile(tarball))) {
        bytes = in.transferTo(out);
      }
      events.on(Event.info("Saved " + image.name() + from + " (" + Sizes.human(bytes) + ")"));
    } catch (IOException e) {
      throw ImageException.failure(
          "the export of "
              + image.name()
              + from
              + " broke off after "
              + Sizes.human(sizeOf(tarball))
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static ImageException noDaemon(
      ImageSource.DaemonImage image, EngineConnection.Unreachable e) {
    DockerEndpoint endpoint = image.endpoint();
    String reason = e.getMessage();
    if (reason.contains("Permission denied")) {
      return ImageException.failure(
          "no permission to use the Docker daemon's socket "
              + endpoint.address()
              + ": run as a member of its group (usually docker), or set DOCKER_HOST to a"
              + " socket this user may use",
          e);
    }
    return ImageException.failure(
        "no Docker daemon answers at "
            + endpoint.address()
            + " ("
            + reason
            + "). Start it, or set DOCKER_HOST to where it listens (unix:///PATH/docker.sock,"
            + " tcp://HOST:PORT). Where no daemon runs, save the image where one does with"
            + " `docker save -o image.tar "
            + image.name()
            + "` and push docker-archive:image.tar",
        e);
  }

  private static String tlsHint(DockerEndpoint endpoint) {
    return endpoint instanceof DockerEndpoint.Tcp tcp && tcp.tlsCertificates() == null
        ? "; if the daemon speaks TLS (usually port 2376), set DOCKER_TLS_VERIFY=1 and"
            + " DOCKER_CERT_PATH to the folder with ca.pem, cert.pem and key.pem"
        : "";
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  /**
   * The image name as a URL path, as Go's net/url writes it (the docker CLI's own encoding): {@code
   * /}, {@code :} and {@code @} of {@code registry:5000/team/shop:1.4.2} and {@code
   * shop@sha256:...} stay as they are; anything a path cannot hold is percent-encoded.
   */
  static String pathEncoded(String name) {
    StringBuilder path = new StringBuilder();
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "-_.~$&+,/:;=@".indexOf(c) >= 0) {
        path.append(c);
      } else {
        path.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
      }
    }
    return path.toString();
  }
}
