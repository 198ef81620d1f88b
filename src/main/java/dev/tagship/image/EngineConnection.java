package dev.tagship.image;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/** One connection to a Docker daemon: its Unix socket, or TCP, plain or TLS. */
final class EngineConnection implements Closeable {

  private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
  // a TCP daemon that stops sending for this long is gone; docker save streams as it goes
  private static final int READ_TIMEOUT_MILLIS = 300_000;

  private final Closeable transport;
  private final InputStream in;
  private final OutputStream out;

  private EngineConnection(Closeable transport, InputStream in, OutputStream out) {
    this.transport = transport;
    this.in = in;
    this.out = out;
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
      return new EngineConnection(
          channel, Channels.newInputStream(channel), Channels.newOutputStream(channel));
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
      return new EngineConnection(socket, socket.getInputStream(), socket.getOutputStream());
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
    transport.close();
  }
}
