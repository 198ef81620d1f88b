package dev.tagship.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tagship.testing.GitRepoFixture;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VersionCommandTest {

  @TempDir Path temp;
  GitRepoFixture repo;
  final Map<String, String> env = new HashMap<>();
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void createRepository() {
    repo = GitRepoFixture.create(temp);
  }

  @AfterEach
  void closeRepository() {
    repo.close();
  }

  private int tagship(String... args) {
    out.reset();
    err.reset();
    CliContext context =
        new CliContext(
            env,
            repo.workTree(),
            InputStream.nullInputStream(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return Main.run(context, args);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void textOutputIsTheVersionAloneOnOneLine() {
    repo.commit("first");
    repo.tag("v1.2.3");
    repo.commit("second");

    assertThat(tagship("version")).isZero();
    assertThat(out()).isEqualTo("1.2.4" + System.lineSeparator());
  }

  @Test
  void jsonOutputHasTheWholeResult() throws Exception {
    repo.commit("web", "web/a.txt");
    repo.tag("web/v2.0.0");
    repo.commit("feat: web", "web/b.txt");
    repo.pushAll();

    int exit =
        tagship(
            "version",
            "--component",
            "web",
            "--path",
            "web/",
            "--bump",
            "auto",
            "--push",
            "--output",
            "json");

    assertThat(exit).isZero();
    JsonNode json = new ObjectMapper().readTree(out());
    assertThat(json.get("version").asText()).isEqualTo("2.1.0");
    assertThat(json.get("tag").asText()).isEqualTo("web/v2.1.0");
    assertThat(json.get("previousTag").asText()).isEqualTo("web/v2.0.0");
    assertThat(json.get("commit").asText()).isEqualTo(repo.head().name());
    assertThat(json.get("changed").asBoolean()).isTrue();
    assertThat(json.get("created").asBoolean()).isTrue();
    assertThat(json.get("pushed").asBoolean()).isTrue();
    assertThat(repo.remoteTags()).containsKey("web/v2.1.0");
    assertThat(err()).contains("Pushed web/v2.1.0 to origin");
  }

  @Test
  void repoOptionPointsAtAnotherFolder() {
    repo.commit("first");
    repo.tag("v7.0.0");

    CliContext elsewhere =
        new CliContext(
            env,
            temp,
            InputStream.nullInputStream(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            System.err);
    assertThat(Main.run(elsewhere, "version", "--repo", "work")).isZero();
    assertThat(out()).startsWith("7.0.0");
  }

  @Test
  void badBumpIsAUsageErrorWithExitCode2() {
    repo.commit("first");

    assertThat(tagship("version", "--bump", "huge")).isEqualTo(Main.USAGE);
    assertThat(err()).contains("bump 'huge' is not known; use one of auto, patch, minor, major");
    assertThat(out()).isEmpty();
  }

  @Test
  void illegalTagPrefixIsAUsageError() {
    repo.commit("first");

    assertThat(tagship("version", "--tag-prefix", "re lease/")).isEqualTo(Main.USAGE);
    assertThat(err()).contains("tag prefix 're lease/'");
  }

  @Test
  void bidiControlOrShellMetacharacterInATagPartIsAUsageErrorNamingOptionAndCharacter() {
    repo.commit("first");

    assertThat(tagship("version", "--tag-prefix", "rel\u202Eease/")).isEqualTo(Main.USAGE);
    assertThat(err())
        .contains("--tag-prefix")
        .contains("U+202E RIGHT-TO-LEFT OVERRIDE")
        .contains("letters A-Z and a-z, digits, '-', '_', '.' and '/'")
        .doesNotContain("\u202E");
    assertThat(out()).isEmpty();

    assertThat(tagship("version", "--component", "web;id")).isEqualTo(Main.USAGE);
    assertThat(err()).contains("--component").contains("';' (U+003B SEMICOLON)");
    assertThat(out()).isEmpty();
  }

  @Test
  void unknownOptionIsAUsageErrorPointingToHelp() {
    assertThat(tagship("version", "--bumpp", "minor")).isEqualTo(Main.USAGE);
    assertThat(err()).contains("Unknown options: '--bumpp'").contains("tagship version --help");
  }

  @Test
  void notARepositoryFailsWithExitCode1() {
    CliContext outside =
        new CliContext(
            env,
            temp,
            InputStream.nullInputStream(),
            System.out,
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(Main.run(outside, "version")).isEqualTo(Main.FAILURE);
    assertThat(err()).contains("is not inside a git repository");
  }

  @Test
  void detachedHeadReadsTheBranchFromJenkinsOrBitbucketVariables() {
    repo.commit("first");
    repo.tag("v1.0.0");
    repo.commit("second");
    repo.detach();

    assertThat(tagship("version")).isEqualTo(Main.FAILURE);
    assertThat(err()).contains("HEAD is detached").contains("BRANCH_NAME");

    env.put("BITBUCKET_BRANCH", "feature/pay");
    assertThat(tagship("version")).isZero();
    assertThat(out()).startsWith("1.0.1-feature-pay.1");

    env.put("BRANCH_NAME", "main");
    assertThat(tagship("version")).isZero();
    assertThat(out()).startsWith("1.0.1" + System.lineSeparator());
  }

  @Test
  void failureMessagesNeverShowTheGitPassword() {
    repo.commit("first");
    env.put("TAGSHIP_GIT_USERNAME", "builder");
    env.put("TAGSHIP_GIT_PASSWORD", "hunter2-secret");
    var config = repo.git().getRepository().getConfig();
    config.setString("remote", "origin", "url", "file:///nonexistent/hunter2-secret/repo.git");
    try {
      config.save();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }

    assertThat(tagship("version", "--push")).isEqualTo(Main.FAILURE);
    assertThat(err()).contains("remote 'origin'").doesNotContain("hunter2-secret").contains("****");
  }

  @Test
  void helpAndVersionWork() {
    assertThat(tagship("--help")).isZero();
    assertThat(out()).contains("Usage: tagship").contains("version");
    assertThat(tagship("version", "--help")).isZero();
    assertThat(out()).contains("--component").contains("--release-branch").contains("Exit codes");
    assertThat(tagship("--version")).isZero();
    assertThat(out()).startsWith("tagship ");
  }
}
