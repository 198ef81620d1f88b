package dev.tagship.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One token per person ({@code NAME:TOKEN} lines): the token says who signed in, so a typed name or
 * an {@code X-Tagship-User} header cannot stand in for someone else, and an input meant for one
 * person cannot be answered by another.
 */
class PersonalTokensTest {

  static final String ALICE = "alice-token-0123456789abcdef";
  static final String BOB = "bob-token-7f3a9c1e52d84b06e9d1";

  @TempDir Path root;
  DashboardFixture web;

  @BeforeEach
  void start() throws Exception {
    web =
        DashboardFixture.start(
            root,
            "# the release team\nalice:" + ALICE + "\n\nbob: " + BOB + "\n",
            List.of(),
            List.of());
    web.bearerToken = ALICE;
  }

  @AfterEach
  void stop() {
    web.close();
  }

  @Test
  void theTokenNamesWhoSignedInWhateverNameIsTyped() {
    HttpResponse<String> signedIn = web.signIn(ALICE, "mallory");
    assertThat(signedIn.statusCode()).isEqualTo(303);
    String setCookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));

    JsonNode session =
        DashboardFixture.json(web.send(web.request("/api/session").header("Cookie", cookie).GET()));
    JsonNode script =
        DashboardFixture.json(
            web.send(
                web.request("/api/session")
                    .header("Authorization", "Bearer " + BOB)
                    .header("X-Tagship-User", "eve")
                    .GET()));

    assertThat(session.get("who").asText()).isEqualTo("alice");
    assertThat(script.get("who").asText()).isEqualTo("bob");
    assertThat(web.signIn(DashboardFixture.TOKEN, "alice").statusCode()).isEqualTo(401);
  }

  @Test
  void theSignInPageAsksForNoNameWhenTokensNamePeople() {
    String page = web.send(web.request("/login").GET()).body();

    assertThat(page).contains("<label for=\"token\">").doesNotContain("name=\"name\"");
  }

  @Test
  void anInputForAlicePassesOnlyWithAlicesToken() throws Exception {
    web.pipeline(
        "release",
        """
        pipeline {
          agent any
          stages {
            stage('Approve') {
              steps {
                input(message: 'Release?', ok: 'Release', submitter: 'alice')
                echo 'released'
              }
            }
          }
        }
        """);
    long id =
        DashboardFixture.json(answer(BOB, "/api/pipelines/release/runs", Map.of()))
            .get("id")
            .asLong();
    JsonNode input = web.awaitRun(id, run -> run.get("inputs").size() == 1).get("inputs").get(0);
    String path = "/api/runs/" + id + "/input/" + input.get("id").asText();

    HttpResponse<String> byBob = answer(BOB, path, Map.of("proceed", true));
    HttpResponse<String> byAlice = answer(ALICE, path, Map.of("proceed", true));

    assertThat(byBob.statusCode()).isEqualTo(403);
    assertThat(DashboardFixture.json(byBob).get("error").asText())
        .contains("only alice may answer")
        .contains("you are bob");
    assertThat(byAlice.statusCode()).isEqualTo(200);
    JsonNode run = web.awaitRun(id, json -> !json.get("result").isNull());
    assertThat(run.get("result").asText()).isEqualTo("SUCCESS");
    assertThat(run.get("log").get("lines").toString()).contains("Approved by alice");
  }

  @Test
  void aTokenFileThatCannotTellPeopleApartIsRefusedWithoutShowingAToken() {
    Map<String, String> refusals =
        Map.of(
            "alice:" + ALICE + "\nalice:" + BOB,
            "alice has a token already",
            "alice:" + ALICE + "\nbob:" + ALICE,
            "someone else's too",
            "alice:" + ALICE + "\n" + BOB,
            "line 2 has no NAME:",
            "alice:short-one\nbob:" + BOB,
            "the token of alice is too short",
            "al ice:" + ALICE + "\nbob:" + BOB,
            "the name must be",
            "tiny",
            "the sign-in token is too short");
    refusals.forEach(
        (text, message) ->
            assertThatThrownBy(() -> SignInTokens.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message)
                .satisfies(
                    e ->
                        assertThat(e.getMessage())
                            .doesNotContain(ALICE)
                            .doesNotContain(BOB)
                            .doesNotContain("short-one")));
  }

  @Test
  void aSingleLineIsTheSharedTokenEvenWithAColon() {
    String shared = "team:" + ALICE;

    assertThat(SignInTokens.parse(shared + "\n").namePeople()).isFalse();
    assertThat(SignInTokens.parse(shared).holder(shared)).contains(new SignInTokens.Holder(null));
    assertThat(SignInTokens.parse(shared).holder(ALICE)).isEmpty();
  }

  private HttpResponse<String> answer(String token, String path, Object body) {
    return web.send(
        web.request(path)
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(DashboardFixture.json(body))));
  }
}
