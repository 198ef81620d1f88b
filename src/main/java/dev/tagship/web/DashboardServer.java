package dev.tagship.web;

import java.time.Duration;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The Jetty server under the dashboard, set up for clients that are slow or hostile: a connection
 * that sends nothing for a few seconds is closed, request bodies are read without a thread waiting
 * ({@link RequestBodies}), connections are capped, no version banner, and Jetty's own error answers
 * carry the dashboard's security headers.
 */
final class DashboardServer {

  /** How long a connection may stay silent: mid-headers, mid-body, or idle between requests. */
  static final Duration IDLE_TIMEOUT = Duration.ofSeconds(5);

  /** Threads that serve requests; slow clients hold none of them, only connections. */
  static final int MAX_THREADS = 64;

  /** Open connections at most; past it, new ones wait to be accepted. */
  static final int MAX_CONNECTIONS = 1000;

  private DashboardServer() {}

  /** A server for {@code config}, serving {@code handler}, not yet started. */
  static Server create(DashboardConfig config, Handler handler) {
    QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 4);
    threads.setName("tagship-serve");
    threads.setDaemon(true);
    Server server = new Server(threads);

    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    http.setIdleTimeout(IDLE_TIMEOUT.toMillis());
    HttpConnectionFactory plain = new HttpConnectionFactory(http);
    ServerConnector connector;
    if (config.tlsCertificate() != null) {
      http.addCustomizer(new SecureRequestCustomizer());
      SslContextFactory.Server tls = new SslContextFactory.Server();
      tls.setKeyStore(TlsIdentity.load(config.tlsCertificate(), config.tlsKey()));
      tls.setKeyStorePassword(TlsIdentity.PASSWORD);
      connector =
          new ServerConnector(
              server, 1, 1, new SslConnectionFactory(tls, plain.getProtocol()), plain);
    } else {
      connector = new ServerConnector(server, 1, 1, plain);
    }
    connector.setHost(config.host());
    connector.setPort(config.port());
    connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
    server.addConnector(connector);
    server.addBean(new NetworkConnectionLimit(MAX_CONNECTIONS, server));
    server.setErrorHandler(new DashboardErrors());
    server.setHandler(handler);
    server.setStopTimeout(2000);
    return server;
  }

  static ServerConnector connector(Server server) {
    return (ServerConnector) server.getConnectors()[0];
  }
}
