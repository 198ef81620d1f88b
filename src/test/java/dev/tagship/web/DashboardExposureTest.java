package dev.tagship.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tagship.testing.TestCertificates;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reaching the dashboard from other machines: only over TLS, served here or ended by a proxy in
 * front, and then the session cookie travels over HTTPS only.
 */
class DashboardExposureTest {

  @TempDir Path root;

  @Test
  void bindingBeyondThisMachineWithoutTlsOrAnHttpsPublicUrlIsRefusedSayingHowToFixIt() {
    for (String bind : List.of("0.0.0.0", "::", "192.0.2.10")) {
      assertThatThrownBy(() -> config(bind, null, null, null))
          .as(bind)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("--bind " + bind)
          .hasMessageContaining("--tls-cert FILE --tls-key FILE")
          .hasMessageContaining("--public-url https://");
    }
    assertThatThrownBy(() -> config("0.0.0.0", null, null, URI.create("http://ci.example.com/")))
        .hasMessageContaining("--public-url https://");
    assertThatThrownBy(() -> config("127.0.0.1", root.resolve("cert.pem"), null, null))
        .hasMessageContaining("--tls-cert and --tls-key go together");
    assertThatThrownBy(
            () -> config("127.0.0.1", null, null, URI.create("https://ci.example.com/tagship")))
        .hasMessageContaining("--public-url must be the address of the dashboard's root");

    assertThat(config("127.0.0.1", null, null, null).secureCookies()).isFalse();
    assertThat(config("localhost", null, null, null).secureCookies()).isFalse();
    assertThat(config("::1", null, null, null).secureCookies()).isFalse();
    assertThat(config("0.0.0.0", null, null, URI.create("https://ci.example.com")).secureCookies())
        .isTrue();
    assertThat(
            config("0.0.0.0", root.resolve("cert.pem"), root.resolve("key.pem"), null)
                .secureCookies())
        .isTrue();
  }

  @Test
  void withACertificateAndKeyTheDashboardServesHttpsAndItsCookieIsSecure() throws Exception {
    TestCertificates certificates = TestCertificates.create(root.resolve("certs"));
    try (DashboardFixture web =
        DashboardFixture.startExposed(
            root, certificates.serverCertificate(), certificates.serverKey(), null)) {
      HttpClient https =
          HttpClient.newBuilder()
              .sslContext(certificates.trustingContext())
              .followRedirects(HttpClient.Redirect.NEVER)
              .build();
      String base = "https://127.0.0.1:" + web.dashboard.port();

      HttpResponse<String> login =
          https.send(
              HttpRequest.newBuilder(URI.create(base + "/login")).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> signedIn =
          https.send(
              HttpRequest.newBuilder(URI.create(base + "/login"))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .header("Origin", base)
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "token="
                              + URLEncoder.encode(DashboardFixture.TOKEN, StandardCharsets.UTF_8)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(web.dashboard.url()).isEqualTo(base + "/");
      assertThat(login.statusCode()).isEqualTo(200);
      assertThat(signedIn.statusCode()).isEqualTo(303);
      assertThat(signedIn.headers().firstValue("Set-Cookie"))
          .hasValueSatisfying(cookie -> assertThat(cookie).containsIgnoringCase("; Secure"));
    }
  }

  @Test
  void aKeyThatIsNotAPrivateKeyIsAClearErrorNamingTheFile() throws Exception {
    TestCertificates certificates = TestCertificates.create(root.resolve("certs"));
    Path notAKey = Files.writeString(root.resolve("key.pem"), "hello\n");

    assertThatThrownBy(
            () ->
                DashboardFixture.startExposed(
                    root, certificates.serverCertificate(), notAKey, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--tls-key " + notAKey)
        .hasMessageContaining("no private key");
  }

  @Test
  void behindAnHttpsProxyThePublicHostIsAnsweredItsOriginMayWriteAndTheCookieIsSecure()
      throws Exception {
    try (DashboardFixture web =
        DashboardFixture.startExposed(root, null, null, URI.create("https://ci.example.com"))) {
      int port = web.dashboard.port();
      RawHttp.Answer viaProxy = RawHttp.get(port, "/login", "ci.example.com");
      RawHttp.Answer rebound = RawHttp.get(port, "/login", "attacker.example");
      RawHttp.Answer signedIn =
          RawHttp.send(
              port,
              "POST /login HTTP/1.1\r\nHost: ci.example.com\r\nOrigin: https://ci.example.com\r\n"
                  + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                  + ("token=" + DashboardFixture.TOKEN).length()
                  + "\r\nConnection: close\r\n\r\ntoken="
                  + DashboardFixture.TOKEN);
      String cookie = signedIn.header("Set-Cookie").orElseThrow(() -> new AssertionError(signedIn));
      String session = cookie.substring(0, cookie.indexOf(';'));
      String csrf =
          DashboardFixture.JSON
              .readTree(
                  RawHttp.get(port, "/api/session", "ci.example.com", "Cookie: " + session).body())
              .get("csrfToken")
              .asText();
      RawHttp.Answer write =
          RawHttp.send(
              port,
              "POST /api/pipelines/nothing/runs HTTP/1.1\r\nHost: ci.example.com\r\n"
                  + "Origin: https://ci.example.com\r\nCookie: "
                  + session
                  + "\r\nX-CSRF-Token: "
                  + csrf
                  + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
                  + "Connection: close\r\n\r\n{}");

      assertThat(web.dashboard.url()).isEqualTo("https://ci.example.com/");
      assertThat(viaProxy.status()).isEqualTo(200);
      assertThat(rebound.status()).isEqualTo(421);
      assertThat(rebound.body()).contains("ci.example.com");
      assertThat(signedIn.status()).isEqualTo(303);
      assertThat(cookie).containsIgnoringCase("; Secure");
      // past the Origin and CSRF checks: there is no such pipeline
      assertThat(write.status()).isEqualTo(404);
    }
  }

  private DashboardConfig config(String bind, Path certificate, Path key, URI publicUrl) {
    return new DashboardConfig(
        bind,
        0,
        DashboardFixture.TOKEN,
        null,
        Map.of(),
        root.resolve("runs.db"),
        null,
        null,
        List.of(),
        Duration.ofMinutes(1),
        Map.of(),
        null,
        null,
        certificate,
        key,
        publicUrl);
  }
}
