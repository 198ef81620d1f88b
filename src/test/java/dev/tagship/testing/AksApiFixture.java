package dev.tagship.testing;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Mono;

/**
 * The AKS API's {@code listClusterUserCredential} as Azure Resource Manager serves it, over HTTPS
 * on 127.0.0.1: with the expected Entra ID token it answers {@code kubeconfig}, else 403
 * AuthorizationFailed. The production client (azure-resourcemanager-containerservice) talks to it
 * through {@link #endpoint()} and {@link #httpClient()}.
 */
public final class AksApiFixture implements AutoCloseable {

  public static final String TOKEN = "arm-token-for-tests";

  private final HttpsServer server;
  private final TestCertificates certificates;
  private final List<String> requests = new CopyOnWriteArrayList<>();

  private AksApiFixture(HttpsServer server, TestCertificates certificates) {
    this.server = server;
    this.certificates = certificates;
  }

  /** Serves {@code kubeconfig} as every cluster's user kubeconfig. */
  public static AksApiFixture start(Path dir, String kubeconfig) {
    try {
      TestCertificates certificates = TestCertificates.create(dir.resolve("certs"));
      HttpsServer server =
          HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.setHttpsConfigurator(new HttpsConfigurator(certificates.serverContext()));
      AksApiFixture fixture = new AksApiFixture(server, certificates);
      server.createContext(
          "/",
          exchange -> {
            try (exchange) {
              fixture.requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
              boolean allowed =
                  ("Bearer " + TOKEN)
                      .equals(exchange.getRequestHeaders().getFirst("Authorization"));
              byte[] body =
                  (allowed
                          ? "{\"kubeconfigs\":[{\"name\":\"clusterUser\",\"value\":\""
                              + Base64.getEncoder()
                                  .encodeToString(kubeconfig.getBytes(StandardCharsets.UTF_8))
                              + "\"}]}"
                          : "{\"error\":{\"code\":\"AuthorizationFailed\",\"message\":\"no access\"}}")
                      .getBytes(StandardCharsets.UTF_8);
              exchange.getResponseHeaders().add("Content-Type", "application/json");
              exchange.sendResponseHeaders(allowed ? 200 : 403, body.length);
              exchange.getResponseBody().write(body);
            }
          });
      server.start();
      return fixture;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Resource Manager's URL, e.g. {@code https://127.0.0.1:PORT/}. */
  public String endpoint() {
    return "https://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  /** An HTTP client that trusts the fixture's certificate. */
  public HttpClient httpClient() {
    return new JdkHttpClientBuilder(
            java.net.http.HttpClient.newBuilder().sslContext(certificates.trustingContext()))
        .build();
  }

  /** An Entra ID credential that yields {@code token}. */
  public static TokenCredential credential(String token) {
    return context -> Mono.just(new AccessToken(token, OffsetDateTime.now().plusHours(1)));
  }

  /** Every request served, {@code METHOD uri}. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
