package dev.tagship.image;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLSocketFactory;

/**
 * GET requests to the Docker Engine API, one connection each (the few tagship makes do not need
 * keep-alive). Paths carry no {@code /vX.Y} prefix, so every Engine and Podman answers with its own
 * API version.
 */
final class DockerEngineClient {

  private final DockerEndpoint endpoint;
  private final SSLSocketFactory tls;

  DockerEngineClient(DockerEndpoint endpoint) {
    this.endpoint = endpoint;
    this.tls =
        endpoint instanceof DockerEndpoint.Tcp tcp && tcp.tlsCertificates() != null
            ? DockerTls.socketFactory(tcp.tlsCertificates())
            : null;
  }

  /**
   * Sends {@code GET path} and reads the answer's status and headers; the caller reads the body and
   * closes the response.
   *
   * @param answerWithin how long the status and headers may take; null to wait as long as the
   *     daemon needs (a Unix socket has no read timeout of its own)
   */
  EngineResponse get(String path, Duration answerWithin) throws IOException {
    EngineConnection connection = EngineConnection.open(endpoint, tls);
    AtomicBoolean timedOut = new AtomicBoolean();
    CompletableFuture<Void> watchdog =
        answerWithin == null
            ? null
            : CompletableFuture.runAsync(
                () -> {
                  timedOut.set(true);
                  closeQuietly(connection);
                },
                CompletableFuture.delayedExecutor(answerWithin.toMillis(), TimeUnit.MILLISECONDS));
    try {
      OutputStream out = connection.out();
      out.write(request(path).getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return EngineResponse.read(new BufferedInputStream(connection.in(), 65536), connection);
    } catch (IOException | RuntimeException e) {
      closeQuietly(connection);
      if (timedOut.get()) {
        throw new InterruptedIOException(
            "no answer to GET " + path + " within " + answerWithin.toSeconds() + " seconds");
      }
      throw e;
    } finally {
      if (watchdog != null) {
        watchdog.cancel(false);
      }
    }
  }

  private String request(String path) {
    String host =
        endpoint instanceof DockerEndpoint.Tcp
            ? endpoint.address().substring("tcp://".length())
            : "docker"; // what the docker CLI sends over a Unix socket
    return "GET "
        + path
        + " HTTP/1.1\r\nHost: "
        + host
        + "\r\nUser-Agent: tagship\r\nAccept: */*\r\nConnection: close\r\n\r\n";
  }

  private static void closeQuietly(EngineConnection connection) {
    try {
      connection.close();
    } catch (IOException e) {
      // already broken: the caller reports the request's own failure
    }
  }
}
