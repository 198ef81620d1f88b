package dev.tagship.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard against clients that do not play by the rules: other sites' pages (DNS rebinding,
 * forged writes), malformed and oversized requests, slow clients, and values no run may have.
 */
@Timeout(120)
class DashboardHostileClientsTest {

  static final String NOTE_PIPELINE =
      """
      pipeline {
        agent any
        parameters { string(name: 'NOTE', defaultValue: '') }
        stages { stage('Say') { steps { echo 'noted' } } }
      }
      """;

  @TempDir Path root;
  DashboardFixture web;

  @BeforeEach
  void start() throws Exception {
    web = DashboardFixture.start(root, List.of(), List.of());
  }

  @AfterEach
  void stop() {
    web.close();
  }

  @Test
  void aHostOtherThanTheDashboardsOwnAddressIsRefusedSayingWhichItAnswersTo() {
    int port = web.dashboard.port();

    RawHttp.Answer rebound = RawHttp.get(port, "/login", "attacker.example:" + port);
    RawHttp.Answer otherPort = RawHttp.get(port, "/login", "127.0.0.1:1");

    assertThat(rebound.status()).isEqualTo(421);
    assertThat(rebound.body())
        .contains("127.0.0.1:" + port)
        .contains("localhost:" + port)
        .contains("[::1]:" + port)
        .contains("--public-url");
    assertThat(otherPort.status()).isEqualTo(421);
    for (String own : List.of("127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port)) {
      assertThat(RawHttp.get(port, "/login", own).status()).as(own).isEqualTo(200);
    }
  }

  @Test
  void aCookieWriteNeedsTheDashboardsOwnOriginWhileABearerWriteNeedsNone() {
    HttpResponse<String> signedIn = web.signIn(DashboardFixture.TOKEN, "alice");
    String setCookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));
    String csrf =
        DashboardFixture.json(web.send(web.request("/api/session").header("Cookie", cookie).GET()))
            .get("csrfToken")
            .asText();
    HttpRequest.Builder write =
        web.request("/api/pipelines/nothing/runs")
            .header("Cookie", cookie)
            .header("X-CSRF-Token", csrf)
            .header("Content-Type", "application/json");

    HttpResponse<String> noOrigin = web.send(write.copy().POST(body("{}")));
    HttpResponse<String> foreign =
        web.send(write.copy().header("Origin", "http://attacker.example").POST(body("{}")));
    HttpResponse<String> own =
        web.send(write.copy().header("Origin", web.origin()).POST(body("{}")));
    HttpResponse<String> bearer = web.post("/api/pipelines/nothing/runs", Map.of());

    assertThat(noOrigin.statusCode()).isEqualTo(403);
    assertThat(DashboardFixture.json(noOrigin).get("error").asText())
        .contains("Origin")
        .contains(web.origin());
    assertThat(foreign.statusCode()).isEqualTo(403);
    // past every check: there is no such pipeline
    assertThat(own.statusCode()).isEqualTo(404);
    assertThat(bearer.statusCode()).isEqualTo(404);
  }

  @Test
  void aSignInFromAnotherSitesPageIsRefused() {
    HttpResponse<String> forged =
        web.send(
            web.request("/login")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", "http://attacker.example")
                .POST(body("token=" + DashboardFixture.TOKEN + "&name=mallory")));

    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(forged.headers().firstValue("Set-Cookie")).isEmpty();
  }

  @Test
  void aJsonWriteSentAsAFormOrTextIsRefusedWith415() {
    web.pipeline("note", NOTE_PIPELINE);
    HttpRequest.Builder write = web.bearer("/api/pipelines/note/runs");

    HttpResponse<String> form =
        web.send(
            write
                .copy()
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(body("{\"NOTE\": \"x\"}")));
    HttpResponse<String> text =
        web.send(write.copy().header("Content-Type", "text/plain").POST(body("{\"NOTE\": \"x\"}")));
    HttpResponse<String> untyped = web.send(write.copy().POST(body("{\"NOTE\": \"x\"}")));

    assertThat(form.statusCode()).isEqualTo(415);
    assertThat(DashboardFixture.json(form).get("error").asText())
        .contains("Content-Type: application/json");
    assertThat(text.statusCode()).isEqualTo(415);
    assertThat(untyped.statusCode()).isEqualTo(415);
    assertThat(DashboardFixture.json(web.get("/api/runs"))).isEmpty();
  }

  @Test
  void everyAnswerJettysOwnErrorsIncludedCarriesTheSecurityHeadersAndNoVersionBanner() {
    int port = web.dashboard.port();
    String own = "127.0.0.1:" + port;
    Map<String, RawHttp.Answer> answers = new java.util.LinkedHashMap<>();
    answers.put("unknown path", RawHttp.get(port, "/no/such/page", own));
    answers.put("malformed request line", RawHttp.send(port, "NOT HTTP AT ALL\r\n\r\n"));
    answers.put("ambiguous path", RawHttp.get(port, "/api/%2e%2e/%2e%2e/etc", own));
    answers.put("URI too long", RawHttp.get(port, "/" + "a".repeat(20_000), own));
    answers.put(
        "headers too large", RawHttp.get(port, "/login", own, "X-Filler: " + "b".repeat(20_000)));
    answers.put("login page", RawHttp.get(port, "/login", own));

    assertThat(answers.get("unknown path").status()).isEqualTo(404);
    assertThat(answers.get("malformed request line").status()).isEqualTo(400);
    assertThat(answers.get("URI too long").status()).isEqualTo(414);
    assertThat(answers.get("headers too large").status()).isEqualTo(431);
    answers.forEach(
        (what, answer) -> {
          assertThat(answer.header("Content-Security-Policy"))
              .as(what + ": " + answer.head())
              .hasValueSatisfying(csp -> assertThat(csp).contains("frame-ancestors 'none'"));
          assertThat(answer.header("X-Content-Type-Options")).as(what).hasValue("nosniff");
          assertThat(answer.header("Referrer-Policy")).as(what).hasValue("same-origin");
          assertThat(answer.header("Server")).as(what).isEmpty();
          assertThat(answer.header("X-Powered-By")).as(what).isEmpty();
          assertThat(answer.body()).as(what).doesNotContainIgnoringCase("jetty");
        });
  }

  @Test
  void aBodyThatStopsArrivingIsAnswered408AfterTheIdleTimeout() throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), web.dashboard.port())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /api/pipelines/note/runs HTTP/1.1\r\nHost: 127.0.0.1:"
                  + web.dashboard.port()
                  + "\r\nAuthorization: Bearer "
                  + DashboardFixture.TOKEN
                  + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"NO")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      long start = System.nanoTime();

      RawHttp.Answer answer = RawHttp.read(socket.getInputStream());

      assertThat(answer.status()).isEqualTo(408);
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isLessThan(DashboardServer.IDLE_TIMEOUT.multipliedBy(3));
    }
  }

  /**
   * 40 clients trickle a body a byte a second and 40 send their headers a byte a second, the way a
   * slowloris attack does; signed-in requests meanwhile are answered as usual, and the body
   * tricklers are cut off at the body deadline.
   */
  @Test
  void slowClientsHoldNoThreadsOthersNeedAndTricklingBodiesAreCutOff() throws Exception {
    int port = web.dashboard.port();
    String host = "127.0.0.1:" + port;
    List<Socket> bodies = new ArrayList<>();
    List<Socket> headers = new ArrayList<>();
    Map<Socket, String> headerRemainder = new ConcurrentHashMap<>();
    ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
    try {
      for (int i = 0; i < 40; i++) {
        Socket body = new Socket(InetAddress.getLoopbackAddress(), port);
        body.getOutputStream()
            .write(
                ("POST /api/pipelines/note/runs HTTP/1.1\r\nHost: "
                        + host
                        + "\r\nAuthorization: Bearer "
                        + DashboardFixture.TOKEN
                        + "\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        bodies.add(body);
        Socket header = new Socket(InetAddress.getLoopbackAddress(), port);
        headers.add(header);
        headerRemainder.put(
            header,
            "GET /api/runs HTTP/1.1\r\nHost: " + host + "\r\nX-Filler: " + "c".repeat(4000));
      }
      trickle.scheduleAtFixedRate(
          () -> {
            for (Socket body : bodies) {
              sendQuietly(body, "x");
            }
            headerRemainder.replaceAll(
                (socket, rest) -> {
                  sendQuietly(socket, rest.substring(0, 1));
                  return rest.substring(1);
                });
          },
          0,
          1,
          TimeUnit.SECONDS);
      Thread.sleep(2000); // every slow client is connected and under way

      List<Long> millis = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        long start = System.nanoTime();
        HttpResponse<String> runs = web.get("/api/runs");
        millis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        assertThat(runs.statusCode()).isEqualTo(200);
        Thread.sleep(250);
      }
      System.out.println(
          "signed-in GET /api/runs beside 40 body and 40 header tricklers, ms: " + millis);
      assertThat(millis).allSatisfy(ms -> assertThat(ms).isLessThan(5_000));

      int cutOff = 0;
      for (Socket body : bodies) {
        body.setSoTimeout(30_000);
        RawHttp.Answer answer = RawHttp.read(body.getInputStream());
        assertThat(answer.status()).isEqualTo(408);
        cutOff++;
      }
      assertThat(cutOff).isEqualTo(40);
    } finally {
      trickle.shutdownNow();
      for (Socket socket : bodies) {
        socket.close();
      }
      for (Socket socket : headers) {
        socket.close();
      }
    }
  }

  @Test
  void aParameterValueWithNulOrOver64KbIsRefusedNamingTheParameter() {
    web.pipeline("note", NOTE_PIPELINE);

    HttpResponse<String> nul = web.post("/api/pipelines/note/runs", Map.of("NOTE", "a\u0000b"));
    HttpResponse<String> huge =
        web.post("/api/pipelines/note/runs", Map.of("NOTE", "x".repeat(64 * 1024 + 1)));
    HttpResponse<String> largestAllowed =
        web.post("/api/pipelines/note/runs", Map.of("NOTE", "y".repeat(64 * 1024)));

    assertThat(nul.statusCode()).isEqualTo(400);
    assertThat(DashboardFixture.json(nul).get("parameter").asText()).isEqualTo("NOTE");
    assertThat(DashboardFixture.json(nul).get("error").asText()).contains("NUL");
    assertThat(huge.statusCode()).isEqualTo(400);
    assertThat(DashboardFixture.json(huge).get("parameter").asText()).isEqualTo("NOTE");
    assertThat(DashboardFixture.json(huge).get("error").asText()).contains("65536 bytes");
    assertThat(largestAllowed.statusCode()).isEqualTo(201);
  }

  @Test
  void runListingsShortenLongParameterValuesWhileTheRunKeepsThemWhole() throws Exception {
    web.pipeline("note", NOTE_PIPELINE);
    String longNote = "z".repeat(5000);
    long id =
        DashboardFixture.json(web.post("/api/pipelines/note/runs", Map.of("NOTE", longNote)))
            .get("id")
            .asLong();
    web.awaitRun(id, json -> !json.get("result").isNull());

    JsonNode listed = DashboardFixture.json(web.get("/api/runs")).get(0);
    JsonNode lastRun = DashboardFixture.json(web.get("/api/pipelines")).get(0).get("lastRun");
    JsonNode whole = DashboardFixture.json(web.get("/api/runs/" + id));

    assertThat(listed.get("parameters").get("NOTE").asText()).isEqualTo("z".repeat(200) + "\u2026");
    assertThat(lastRun.get("parameters").get("NOTE").asText()).hasSize(201);
    assertThat(whole.get("parameters").get("NOTE").asText()).isEqualTo(longNote);
  }

  private static HttpRequest.BodyPublisher body(String text) {
    return HttpRequest.BodyPublishers.ofString(text);
  }

  private static void sendQuietly(Socket socket, String text) {
    try {
      OutputStream out = socket.getOutputStream();
      out.write(text.getBytes(StandardCharsets.US_ASCII));
      out.flush();
    } catch (IOException e) {
      // the server closed it: that client is done
    }
  }
}
