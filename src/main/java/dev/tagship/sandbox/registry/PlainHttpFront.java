package dev.tagship.sandbox.registry;

import dev.tagship.core.DaemonThreads;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The registry's listening socket. Clients of a plain-HTTP registry (Jib, skopeo, Docker) try TLS
 * first and fall back to HTTP when the server answers the TLS hello with an HTTP error at once, as
 * Go's servers do; the JDK's HTTP server instead waits for a request line that never comes. This
 * front answers a TLS hello that way and passes every other connection to the HTTP server.
 */
final class PlainHttpFront implements AutoCloseable {

  private static final int TLS_HANDSHAKE = 0x16;
  private static final byte[] TLS_REFUSED =
      "HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n"
          .getBytes(StandardCharsets.US_ASCII);

  private final ServerSocket listener;
  private final InetSocketAddress backend;
  private final ExecutorService threads =
      Executors.newCachedThreadPool(DaemonThreads.named("tagship-sandbox-registry-front"));

  private PlainHttpFront(ServerSocket listener, InetSocketAddress backend) {
    this.listener = listener;
    this.backend = backend;
  }

  static PlainHttpFront start(InetSocketAddress backend) throws IOException {
    ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    PlainHttpFront front = new PlainHttpFront(listener, backend);
    front.threads.execute(front::accept);
    return front;
  }

  int port() {
    return listener.getLocalPort();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        threads.execute(() -> serve(client));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      InputStream in = client.getInputStream();
      int first = in.read();
      if (first < 0) {
        return;
      }
      if (first == TLS_HANDSHAKE) {
        client.getOutputStream().write(TLS_REFUSED);
        return;
      }
      try (Socket server = new Socket(backend.getAddress(), backend.getPort())) {
        OutputStream toServer = server.getOutputStream();
        toServer.write(first);
        threads.execute(() -> pump(server, client));
        in.transferTo(toServer);
        server.shutdownOutput();
      }
    } catch (IOException e) {
      // the client went away; nothing to tell anyone
    }
  }

  private static void pump(Socket from, Socket to) {
    try {
      from.getInputStream().transferTo(to.getOutputStream());
      to.shutdownOutput();
    } catch (IOException e) {
      // one side closed the connection
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    threads.shutdownNow();
  }
}
