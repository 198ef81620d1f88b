package dev.tagship.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsFileTest {

  @TempDir Path temp;

  @Test
  void mostSpecificEntryForTheRemoteHostWins() throws Exception {
    Path file = temp.resolve("git-credentials");
    Files.writeString(
        file,
        String.join(
            "\n",
            "https://other:x1@github.example.test",
            "https://builder:general%40token@bitbucket.example.test",
            "https://team:team-token@bitbucket.example.test/team/",
            "not a url line",
            ""));

    assertThat(CredentialsFile.lookup(file, "https://bitbucket.example.test/team/shop.git"))
        .isEqualTo(new GitCredentials("team", "team-token"));
    assertThat(CredentialsFile.lookup(file, "https://bitbucket.example.test/other/x.git"))
        .isEqualTo(new GitCredentials("builder", "general@token"));
    assertThat(CredentialsFile.lookup(file, "https://gitlab.example.test/x.git")).isNull();
  }

  @Test
  void passwordNeverShowsInToString() {
    assertThat(new GitCredentials("builder", "s3cret-token").toString())
        .doesNotContain("s3cret-token")
        .contains("builder");
  }
}
