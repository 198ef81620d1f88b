package dev.tagship.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tagship.testing.DockerEngineStandIn;
import dev.tagship.testing.GitRepoFixture;
import dev.tagship.testing.RegistryFixture;
import dev.tagship.testing.TestImages;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PushCommandTest {

  @TempDir Path temp;
  final Map<String, String> env = new HashMap<>();
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int tagship(InputStream stdin, String... args) {
    out.reset();
    err.reset();
    CliContext context =
        new CliContext(
            env,
            temp,
            stdin,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return Main.run(context, args);
  }

  private int tagship(String... args) {
    return tagship(InputStream.nullInputStream(), args);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void pushesALayoutAndPrintsTheResultAsJson() throws Exception {
    String digest = TestImages.ociLayout(temp.resolve("app"), "1.2.0", 1, 3000);
    try (RegistryFixture registry =
        RegistryFixture.start(temp.resolve("reg"), RegistryFixture.Mode.BASIC_AUTH)) {
      env.put("TAGSHIP_REGISTRY_USERNAME", RegistryFixture.USERNAME);
      env.put("TAGSHIP_REGISTRY_PASSWORD", RegistryFixture.PASSWORD);

      int exit =
          tagship(
              "push",
              "--registry",
              registry.host(),
              "--plain-http",
              "--repository",
              "shop",
              "--tag",
              "1.2.0",
              "--tag",
              "latest",
              "oci:app",
              "--output",
              "json");

      assertThat(exit).as(err()).isZero();
      JsonNode json = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
      assertThat(json.get("digest").asText()).isEqualTo(digest);
      assertThat(json.get("tags").toString()).isEqualTo("[\"1.2.0\",\"latest\"]");
      assertThat(json.get("bytesUploaded").asLong()).isPositive();
      assertThat(err()).contains("Published: " + registry.host() + "/shop@" + digest);
      assertThat(err()).doesNotContain(RegistryFixture.PASSWORD);
    }
  }

  @Test
  void passwordComesFromStandardInputNeverFromAnOption() {
    TestImages.ociLayout(temp.resolve("app"), "1.0.0", 2, 1000);
    try (RegistryFixture registry =
        RegistryFixture.start(temp.resolve("reg"), RegistryFixture.Mode.BASIC_AUTH)) {
      assertThat(
              tagship(
                  "push",
                  "--registry",
                  registry.host(),
                  "--plain-http",
                  "--repository",
                  "x",
                  "--tag",
                  "1.0.0",
                  "--username",
                  RegistryFixture.USERNAME,
                  "oci:app"))
          .isEqualTo(Main.USAGE);
      assertThat(err()).contains("--username needs --password-stdin");

      InputStream password =
          new ByteArrayInputStream(
              (RegistryFixture.PASSWORD + "\n").getBytes(StandardCharsets.UTF_8));
      assertThat(
              tagship(
                  password,
                  "push",
                  "--registry",
                  registry.host(),
                  "--plain-http",
                  "--repository",
                  "x",
                  "--tag",
                  "1.0.0",
                  "--username",
                  RegistryFixture.USERNAME,
                  "--password-stdin",
                  "oci:app"))
          .as(err())
          .isZero();
      assertThat(out.toString(StandardCharsets.UTF_8)).startsWith(registry.host() + "/x@sha256:");
    }
  }

  @Test
  void buildOnABaseImageLabelsItWithTheGitRevisionAndVersion() throws Exception {
    try (RegistryFixture registry =
            RegistryFixture.start(temp.resolve("reg"), RegistryFixture.Mode.PLAIN);
        GitRepoFixture repo = GitRepoFixture.create(temp.resolve("git"))) {
      var head = repo.commit("app", "app.jar");
      TestImages.ociLayout(temp.resolve("base"), "17", 1, 2000);
      CliContext inBase =
          new CliContext(env, temp, InputStream.nullInputStream(), System.out, System.err);
      assertThat(
              Main.run(
                  inBase,
                  "push",
                  "--registry",
                  registry.host(),
                  "--plain-http",
                  "--repository",
                  "jre",
                  "--tag",
                  "17",
                  "oci:base"))
          .isZero();
      env.put("TAGSHIP_CACHE", temp.resolve("cache").toString());
      CliContext inRepo =
          new CliContext(
              env,
              repo.workTree(),
              InputStream.nullInputStream(),
              new PrintStream(out, true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8));

      int exit =
          Main.run(
              inRepo,
              "push",
              "--registry",
              registry.host(),
              "--plain-http",
              "--repository",
              "app",
              "--tag",
              "2.1.0",
              "--tag",
              "latest",
              "--base",
              registry.host() + "/jre:17",
              "--add",
              "app.jar:/app/",
              "--entrypoint",
              "java",
              "--entrypoint",
              "-jar",
              "--entrypoint",
              "/app/app.jar",
              "--expose",
              "8080");

      assertThat(exit).as(err()).isZero();
      Process inspect =
          new ProcessBuilder(
                  "skopeo",
                  "inspect",
                  "--tls-verify=false",
                  "--config",
                  "docker://" + registry.host() + "/app:2.1.0")
              .start();
      JsonNode config = new ObjectMapper().readTree(inspect.getInputStream());
      JsonNode labels = config.at("/config/Labels");
      assertThat(labels.path("org.opencontainers.image.revision").asText()).isEqualTo(head.name());
      assertThat(labels.path("org.opencontainers.image.version").asText()).isEqualTo("2.1.0");
      assertThat(labels.path("org.opencontainers.image.source").asText()).startsWith("file:");
      assertThat(config.at("/config/Entrypoint").toString())
          .isEqualTo("[\"java\",\"-jar\",\"/app/app.jar\"]");
    }
  }

  @Test
  void dockerDaemonSourceIsReadFromTheDaemonThatDockerHostNames() {
    Path tarball = temp.resolve("saved.tar");
    String digest = TestImages.dockerSaveOciTarball(tarball, "shop:1.4.2", 4, 3000);
    try (RegistryFixture registry =
            RegistryFixture.start(temp.resolve("reg"), RegistryFixture.Mode.PLAIN);
        DockerEngineStandIn engine = DockerEngineStandIn.onUnixSocket(temp)) {
      engine.addImage("shop:1.4.2", tarball);
      env.put("DOCKER_HOST", engine.dockerHost());

      int exit = pushDaemonImage(registry.host());

      assertThat(exit).as(err()).isZero();
      assertThat(out.toString(StandardCharsets.UTF_8).strip())
          .isEqualTo(registry.host() + "/shop@" + digest);
      assertThat(engine.requestTargets()).contains("/images/shop:1.4.2/get");
    }
  }

  @Test
  void dockerDaemonSourceWithoutADaemonFailsWithExitCode1AndSaysWhatToDoInstead() {
    env.put("DOCKER_HOST", "unix://" + temp.resolve("no-such.sock"));

    int exit = pushDaemonImage("127.0.0.1:9");

    assertThat(exit).isEqualTo(Main.FAILURE);
    assertThat(err())
        .contains("no Docker daemon answers at unix://" + temp.resolve("no-such.sock"))
        .contains("docker save -o image.tar shop:1.4.2");
  }

  /** {@code tagship push} of {@code docker-daemon:shop:1.4.2} to {@code registry}'s shop:1.4.2. */
  private int pushDaemonImage(String registry) {
    return tagship(
        "push",
        "--registry",
        registry,
        "--plain-http",
        "--repository",
        "shop",
        "--tag",
        "1.4.2",
        "docker-daemon:shop:1.4.2");
  }

  @Test
  void tamperedLayerFailsWithExitCode1NamingTheFileAndNothingIsTagged() throws Exception {
    Path layout = temp.resolve("app");
    String manifest = TestImages.ociLayout(layout, "1.0.0", 5, 4000);
    String layer = TestImages.layerDigests(layout, manifest).get(0);
    Path layerFile = TestImages.blobFile(layout, layer);
    byte[] content = java.nio.file.Files.readAllBytes(layerFile);
    content[content.length - 1] ^= 1;
    java.nio.file.Files.write(layerFile, content);
    try (RegistryFixture registry =
        RegistryFixture.start(temp.resolve("reg"), RegistryFixture.Mode.PLAIN)) {

      int exit =
          tagship(
              "push",
              "--registry",
              registry.host(),
              "--plain-http",
              "--repository",
              "shop",
              "--tag",
              "1.0.0",
              "oci:app");

      assertThat(exit).isEqualTo(Main.FAILURE);
      assertThat(err())
          .contains(layerFile.toString())
          .contains("not " + layer)
          .contains("stopped before writing any manifest or tag")
          .doesNotContain("retrying")
          .doesNotContain("--plain-http for");
      assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
      Process tags =
          new ProcessBuilder(
                  "skopeo",
                  "list-tags",
                  "--tls-verify=false",
                  "docker://" + registry.host() + "/shop")
              .redirectErrorStream(true)
              .start();
      String listed = new String(tags.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      tags.waitFor();
      assertThat(listed).doesNotContain("1.0.0");
    }
  }

  @Test
  void sourceIsRequiredOnceAndOnlyOnce() {
    assertThat(tagship("push", "--registry", "127.0.0.1:1", "--tag", "1.0.0"))
        .isEqualTo(Main.USAGE);
    assertThat(err()).contains("give exactly one image source");
  }

  @Test
  void unreachableRegistryFailsWithExitCode1AndSaysWhere() {
    TestImages.ociLayout(temp.resolve("app"), "1.0.0", 3, 1000);

    int exit =
        tagship(
            "push",
            "--registry",
            "127.0.0.1:9",
            "--plain-http",
            "--repository",
            "x",
            "--tag",
            "1.0.0",
            "oci:app");

    assertThat(exit).isEqualTo(Main.FAILURE);
    assertThat(err()).contains("registry 127.0.0.1:9");
  }
}
