package dev.tagship.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tagship.testing.GitHttpServerFixture;
import dev.tagship.testing.GitRepoFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tags pushed to an http remote that wants credentials, as a Bitbucket server does. */
class HttpRemoteTest {

  @TempDir Path temp;
  GitRepoFixture repo;
  GitHttpServerFixture server;

  @BeforeEach
  void startServer() throws Exception {
    repo = GitRepoFixture.create(temp);
    repo.commit("first");
    repo.tag("v1.0.0");
    repo.commit("second");
    repo.pushAll();
    server = GitHttpServerFixture.start(temp, "builder", "app-password-123");
    var config = repo.git().getRepository().getConfig();
    config.setString("remote", "origin", "url", server.url("remote.git"));
    config.save();
  }

  @AfterEach
  void stopServer() {
    server.close();
    repo.close();
  }

  private VersionResult push(GitCredentials credentials, Path credentialsFile) {
    return new Versioner(e -> {})
        .version(
            VersionRequest.builder(repo.workTree())
                .push(true)
                .credentials(credentials)
                .credentialsFile(credentialsFile)
                .build());
  }

  @Test
  void credentialsFromTheRequestPushTheTag() {
    VersionResult result = push(new GitCredentials("builder", "app-password-123"), null);

    assertThat(result.pushed()).isTrue();
    assertThat(repo.remoteTags()).containsEntry("v1.0.1", repo.head().getId());
  }

  @Test
  void credentialsFileEntryForTheHostIsUsed() throws Exception {
    Path file = temp.resolve("git-credentials");
    String host = server.url("").replaceFirst("/$", "").replace("http://", "");
    Files.writeString(file, "http://builder:app-password-123@" + host + "\n");

    assertThat(push(null, file).pushed()).isTrue();
    assertThat(repo.remoteTags()).containsKey("v1.0.1");
  }

  @Test
  void wrongPasswordFailsSayingSoAndLeavesNothingBehind() {
    var refsBefore = GitRepoFixture.refsOf(repo.workTree());
    var remoteBefore = repo.remoteTags();

    assertThatThrownBy(() -> push(new GitCredentials("builder", "wrong-password"), null))
        .isInstanceOf(VersionException.class)
        .hasMessageContaining("authentication failed for remote 'origin'")
        .hasMessageContaining("TAGSHIP_GIT_USERNAME")
        .hasMessageNotContaining("wrong-password");
    assertThat(GitRepoFixture.refsOf(repo.workTree())).isEqualTo(refsBefore);
    assertThat(repo.remoteTags()).isEqualTo(remoteBefore);
  }

  @Test
  void missingCredentialsFailSayingWhereToPutThem() {
    assertThatThrownBy(() -> push(null, null))
        .isInstanceOf(VersionException.class)
        .hasMessageContaining("authentication failed")
        .hasMessageContaining("TAGSHIP_GIT_CREDENTIALS_FILE");
  }
}
