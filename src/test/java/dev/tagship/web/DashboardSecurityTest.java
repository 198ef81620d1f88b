package dev.tagship.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sign-in, sessions, CSRF and the throttle, against the real server on 127.0.0.1. */
class DashboardSecurityTest {

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
  void refusesToStartWithoutATokenOrWithAGuessableOne() {
    for (String token : new String[] {null, " ", "short"}) {
      assertThatThrownBy(
              () ->
                  new DashboardConfig(
                      null,
                      0,
                      token,
                      null,
                      Map.of(),
                      root.resolve("x.db"),
                      null,
                      null,
                      List.of(),
                      null,
                      Map.of(),
                      null,
                      null,
                      null,
                      null,
                      null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("token");
    }
  }

  @Test
  void theApiAndMetricsNeedTheTokenAndThePageSendsStrangersToSignIn() {
    HttpResponse<String> anonymous = web.send(web.request("/api/runs").GET());
    HttpResponse<String> wrong =
        web.send(web.request("/api/runs").header("Authorization", "Bearer nope").GET());
    HttpResponse<String> page = web.send(web.request("/").GET());
    HttpResponse<String> metrics = web.send(web.request("/metrics").GET());

    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(DashboardFixture.json(anonymous).get("error").asText()).contains("sign in");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(metrics.statusCode()).isEqualTo(401);
    assertThat(page.statusCode()).isEqualTo(303);
    assertThat(page.headers().firstValue("Location")).hasValue("/login");
    assertThat(web.get("/api/runs").statusCode()).isEqualTo(200);
  }

  @Test
  void signInSetsAnHttpOnlyStrictSessionCookieThatReadsWithoutCsrfButWritesOnlyWithIt() {
    HttpResponse<String> signedIn = web.signIn(DashboardFixture.TOKEN, "alice");

    assertThat(signedIn.statusCode()).isEqualTo(303);
    String setCookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(setCookie)
        .startsWith(DashboardHandler.SESSION_COOKIE + "=")
        .containsIgnoringCase("HttpOnly")
        .containsIgnoringCase("SameSite=Strict")
        .doesNotContain(DashboardFixture.TOKEN);
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));

    HttpResponse<String> session =
        web.send(web.request("/api/session").header("Cookie", cookie).GET());
    JsonNode sessionJson = DashboardFixture.json(session);
    assertThat(sessionJson.get("who").asText()).isEqualTo("alice");
    String csrf = sessionJson.get("csrfToken").asText();
    assertThat(csrf).isNotBlank();
    assertThat(web.send(web.request("/").header("Cookie", cookie).GET()).body())
        .contains("<main id=\"main\"");

    HttpRequest.Builder write =
        web.request("/api/pipelines/nothing/runs")
            .header("Cookie", cookie)
            .header("Origin", web.origin())
            .header("Content-Type", "application/json");
    HttpResponse<String> withoutCsrf =
        web.send(write.copy().POST(HttpRequest.BodyPublishers.ofString("{}")));
    HttpResponse<String> wrongCsrf =
        web.send(
            write
                .copy()
                .header("X-CSRF-Token", "forged")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
    HttpResponse<String> withCsrf =
        web.send(
            write
                .copy()
                .header("X-CSRF-Token", csrf)
                .POST(HttpRequest.BodyPublishers.ofString("{}")));

    assertThat(withoutCsrf.statusCode()).isEqualTo(403);
    assertThat(DashboardFixture.json(withoutCsrf).get("error").asText()).contains("CSRF");
    assertThat(wrongCsrf.statusCode()).isEqualTo(403);
    // past the CSRF check: the pipeline does not exist
    assertThat(withCsrf.statusCode()).isEqualTo(404);
  }

  @Test
  void signingOutEndsTheSession() {
    HttpResponse<String> signedIn = web.signIn(DashboardFixture.TOKEN, "bob");
    String setCookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));
    String csrf =
        DashboardFixture.json(web.send(web.request("/api/session").header("Cookie", cookie).GET()))
            .get("csrfToken")
            .asText();

    HttpResponse<String> out =
        web.send(
            web.request("/logout")
                .header("Cookie", cookie)
                .header("Origin", web.origin())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("csrf=" + csrf)));

    assertThat(out.statusCode()).isEqualTo(303);
    assertThat(web.send(web.request("/api/runs").header("Cookie", cookie).GET()).statusCode())
        .isEqualTo(401);
  }

  @Test
  void wrongTokensAreAnsweredEverLaterButTheRightTokenIsAlwaysLetInAtOnce() {
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> failed = web.signIn("wrong-token-" + i, "mallory");
      assertThat(failed.statusCode()).isEqualTo(401);
      assertThat(failed.body()).contains("not the dashboard").doesNotContain("wrong-token-");
    }
    long before = System.nanoTime();
    HttpResponse<String> sixthWrong = web.signIn("wrong-token-5", "mallory");
    Duration heldFor = Duration.ofNanos(System.nanoTime() - before);
    web.bearerToken = "wrong-bearer-token-6";
    HttpResponse<String> seventhWrong = web.get("/api/runs");

    // every local user shares 127.0.0.1: the guesses above must not keep out who has the token
    HttpResponse<String> signedIn = web.signIn(DashboardFixture.TOKEN, "alice");
    web.bearerToken = DashboardFixture.TOKEN;
    HttpResponse<String> bearer = web.get("/api/runs");

    assertThat(sixthWrong.statusCode()).isEqualTo(429);
    assertThat(sixthWrong.headers().firstValue("Retry-After")).isPresent();
    assertThat(sixthWrong.headers().firstValue("Set-Cookie")).isEmpty();
    assertThat(heldFor).isGreaterThanOrEqualTo(SignInThrottle.FIRST_DELAY);
    assertThat(seventhWrong.statusCode()).isEqualTo(429);
    assertThat(DashboardFixture.json(seventhWrong).get("error").asText())
        .contains("after 2 s")
        .contains("right token is let in");
    assertThat(signedIn.statusCode()).isEqualTo(303);
    assertThat(signedIn.headers().firstValue("Set-Cookie")).isPresent();
    assertThat(bearer.statusCode()).isEqualTo(200);
  }

  @Test
  void eachWrongTokenPastTheFreeOnesWaitsTwiceAsLongUpToTheLongestDelayUntilTheWindowPasses() {
    MutableClock clock = new MutableClock();
    SignInThrottle throttle =
        new SignInThrottle(2, Duration.ofMinutes(10), Duration.ofSeconds(30), clock);

    assertThat(throttle.failed("10.0.0.1")).isZero();
    assertThat(throttle.failed("10.0.0.1")).isZero();
    assertThat(throttle.failed("10.0.0.1")).isEqualTo(Duration.ofSeconds(1));
    assertThat(throttle.failed("10.0.0.1")).isEqualTo(Duration.ofSeconds(2));
    assertThat(throttle.failed("10.0.0.1")).isEqualTo(Duration.ofSeconds(4));
    for (int i = 0; i < 40; i++) {
      throttle.failed("10.0.0.1");
    }
    assertThat(throttle.failed("10.0.0.1")).isEqualTo(Duration.ofSeconds(30));
    assertThat(throttle.failed("10.0.0.2")).isZero();
    clock.advance(Duration.ofMinutes(10).plusSeconds(1));
    assertThat(throttle.failed("10.0.0.1")).isZero();
  }

  @Test
  void pagesCarrySecurityHeadersAndNeverTheToken() {
    HttpResponse<String> login = web.send(web.request("/login").GET());

    assertThat(login.statusCode()).isEqualTo(200);
    assertThat(login.body())
        .contains("<label for=\"token\">")
        .doesNotContain(DashboardFixture.TOKEN);
    assertThat(login.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'self'"));
    assertThat(login.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(web.get("/api/session").body()).doesNotContain(DashboardFixture.TOKEN);
  }

  /** A clock tests move by hand. */
  static final class MutableClock extends java.time.Clock {
    private java.time.Instant now = java.time.Instant.parse("2025-01-01T00:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public java.time.Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public java.time.Instant instant() {
      return now;
    }
  }
}
