package dev.tagship.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Docker config.json lookups as Docker makes them, with real credential helper programs speaking
 * the docker-credential-helpers protocol ({@code get}, the registry on standard input, JSON out).
 */
class DockerConfigCredentialsTest {

  @TempDir Path temp;

  private Path helpers() throws Exception {
    Path folder = temp.resolve("bin");
    Files.createDirectories(folder);
    // Knows one registry; says "not found" (exit 1) for any other, as the real helpers do.
    helper(
        folder,
        "acr",
        "read server; echo \"$1 $server\" >> \"$(dirname \"$0\")/calls\";"
            + " case \"$server\" in myreg.azurecr.io)"
            + " printf '{\"ServerURL\":\"%s\",\"Username\":\"<token>\",\"Secret\":\"refresh-1\"}'"
            + " \"$server\";; *) echo 'credentials not found in native keychain'; exit 1;; esac");
    helper(
        folder,
        "store",
        "read server; echo \"$1 $server\" >> \"$(dirname \"$0\")/calls\";"
            + " printf '{\"ServerURL\":\"%s\",\"Username\":\"robot\",\"Secret\":\"from-store\"}'"
            + " \"$server\"");
    return folder;
  }

  private static void helper(Path folder, String name, String script) throws Exception {
    Path program = folder.resolve("docker-credential-" + name);
    Files.writeString(program, "#!/bin/sh\n" + script + "\n");
    Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwx------"));
  }

  private Path config(String json) throws Exception {
    Path config = Files.createTempFile(temp, "config", ".json");
    Files.writeString(config, json);
    return config;
  }

  @Test
  void credentialHelperForTheRegistryIsAskedWithGetAndTheRegistryOnStandardInput()
      throws Exception {
    Path bin = helpers();
    Path config =
        config(
            "{\"credHelpers\":{\"myreg.azurecr.io\":\"acr\"},"
                + "\"auths\":{\"myreg.azurecr.io\":{\"auth\":\""
                + base64("ignored:ignored")
                + "\"}}}");

    RegistryCredentials found =
        new DockerConfigCredentials(config, List.of(bin)).find("myreg.azurecr.io");

    assertThat(found)
        .isEqualTo(new RegistryCredentials(RegistryAuthorizer.IDENTITY_TOKEN_USER, "refresh-1"));
    assertThat(Files.readString(bin.resolve("calls")).strip()).isEqualTo("get myreg.azurecr.io");
  }

  @Test
  void defaultStoreServesEveryRegistryAndAuthsAreTheFallbackWhenAHelperHasNothing()
      throws Exception {
    Path bin = helpers();
    Path stored = config("{\"credsStore\":\"store\"}");
    Path withFallback =
        config(
            "{\"credsStore\":\"acr\",\"auths\":{\"https://other.example.com/v1/\":{\"auth\":\""
                + base64("pusher:pass:word")
                + "\"}}}");

    assertThat(new DockerConfigCredentials(stored, List.of(bin)).find("any.example.com"))
        .isEqualTo(new RegistryCredentials("robot", "from-store"));
    assertThat(new DockerConfigCredentials(withFallback, List.of(bin)).find("other.example.com"))
        .isEqualTo(new RegistryCredentials("pusher", "pass:word"));
  }

  @Test
  void identityTokensAndMissingEntriesAreToldApart() throws Exception {
    Path config =
        config(
            "{\"auths\":{\"myreg.azurecr.io\":{\"identitytoken\":\"refresh-2\"},"
                + "\"empty.example.com\":{}}}");
    DockerConfigCredentials credentials = new DockerConfigCredentials(config, List.of());

    assertThat(credentials.find("myreg.azurecr.io"))
        .isEqualTo(new RegistryCredentials(RegistryAuthorizer.IDENTITY_TOKEN_USER, "refresh-2"));
    assertThat(credentials.find("empty.example.com")).isNull();
    assertThat(credentials.find("unknown.example.com")).isNull();
  }

  @Test
  void aHelperThatIsNotInstalledIsNamedWithTheFix() throws Exception {
    Path config = config("{\"credHelpers\":{\"myreg.azurecr.io\":\"ecr-login\"}}");

    assertThatThrownBy(
            () -> new DockerConfigCredentials(config, List.of(temp)).find("myreg.azurecr.io"))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("docker-credential-ecr-login is not on the PATH")
        .hasMessageContaining("install it or remove it");
  }

  @Test
  void aBrokenConfigSaysWhichFile() throws Exception {
    Path config = config("{\"auths\": nope");

    assertThatThrownBy(() -> new DockerConfigCredentials(config, List.of()).find("x.example.com"))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining(config.toString());
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
