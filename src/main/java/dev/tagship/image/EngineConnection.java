package dev.tagship.image;

import dev.tagship.core.DaemonThreads;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/** One connection to a Docker daemon: its Unix socket, or TCP, plain or TLS. */
final class EngineConnection implements Closeable {

  private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
  // a daemon that stops sending for this long is gone; docker save streams as it goes
  private static final int READ_TIMEOUT_MILLIS = 300_000;

  /** Closes Unix sockets that stopped sending: they have no read timeout of their own. */
  private static final ScheduledExecutorService WATCHDOG =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("tagship-docker-watchdog"));

  private final Closeable transport;
  private final InputStream in;
  private final OutputStream out;
  private final ScheduledFuture<?> watchdog;

  private EngineConnection(
      Closeable transport, InputStream in, OutputStream out, ScheduledFuture<?> watchdog) {
    this.transport = transport;
    this.in = in;
    this.out = out;
    this.watchdog = watchdog;
  }

  /** Nothing listens at the endpoint (or the socket cannot be used): no daemon to talk to. */
  static final class Unreachable extends IOException {
    private static final long serialVersionUID = 1L;

    Unreachable(IOException cause) {
      super(
          cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage(),
          cause);
    }
  }

  /**
   * Connects to {@code endpoint}; {@code tls} is the socket factory for a TLS endpoint, else null.
   *
   * @throws Unreachable when the connection cannot be made, as opposed to failing later
   */
  static EngineConnection open(DockerEndpoint endpoint, SSLSocketFactory tls) throws IOException {
    if (endpoint instanceof DockerEndpoint.UnixSocket unix) {
      SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
      try {
        channel.connect(UnixDomainSocketAddress.of(unix.socket()));
      } catch (IOException e) {
        channel.close();
        throw new Unreachable(e);
      }
      AtomicLong lastProgress = new AtomicLong(System.nanoTime());
      ScheduledFuture<?> watchdog =
          WATCHDOG.scheduleWithFixedDelay(
              () -> {
                long idle = System.nanoTime() - lastProgress.get();
                if (idle > TimeUnit.MILLISECONDS.toNanos(READ_TIMEOUT_MILLIS)) {
                  try {
                    channel.close(); // the blocked read fails with AsynchronousCloseException
                  } catch (IOException e) {
                    // closing is all that is wanted
                  }
                }
              },
              1,
              1,
              TimeUnit.SECONDS);
      InputStream progress =
          new FilterInputStream(Channels.newInputStream(channel)) {
            @Override
            public int read() throws IOException {
              int b = super.read();
              lastProgress.set(System.nanoTime());
              return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
              int n = super.read(buffer, offset, length);
              lastProgress.set(System.nanoTime());
              return n;
            }
          };
      return new EngineConnection(channel, progress, Channels.newOutputStream(channel), watchdog);
    }
    DockerEndpoint.Tcp tcp = (DockerEndpoint.Tcp) endpoint;
    Socket socket = new Socket();
    try {
      try {
        socket.connect(new InetSocketAddress(tcp.host(), tcp.port()), CONNECT_TIMEOUT_MILLIS);
      } catch (IOException e) {
        throw new Unreachable(e);
      }
      socket.setSoTimeout(READ_TIMEOUT_MILLIS);
      if (tls != null) {
        SSLSocket secured = (SSLSocket) tls.createSocket(socket, tcp.host(), tcp.port(), true);
        SSLParameters parameters = secured.getSSLParameters();
        // an SSLSocket checks the chain but not the host name unless asked to; docker checks both
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        secured.setSSLParameters(parameters);
        secured.startHandshake();
        socket = secured;
      }
      return new EngineConnection(socket, socket.getInputStream(), socket.getOutputStream(), null);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  InputStream in() {
    return in;
  }

  OutputStream out() {
    return out;
  }

  @Override
  public void close() throws IOException {
    if (watchdog != null) {
      watchdog.cancel(false);
    }
    transport.close();
  }
}
