package dev.tagship.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tagship.testing.RegistryFixture;
import dev.tagship.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A .war onto a base image from a real registry, without a Docker daemon. */
class DaemonlessBuildTest {

  @TempDir Path temp;

  @Test
  void warIsAddedOnTopOfTheBaseWithSettingsAndLabelsAndRebuildsToTheSameDigest() throws Exception {
    try (RegistryFixture registry =
        RegistryFixture.start(temp.resolve("reg"), RegistryFixture.Mode.PLAIN)) {
      RegistryAccess plain = new RegistryAccess(true, null, false, null, null);
      TestImages.ociLayout(temp.resolve("tomcat"), "9", 1, 5000, 3000);
      new ImagePublisher(e -> {})
          .publish(
              new PublishRequest(
                  new ImageSource.OciLayout(temp.resolve("tomcat"), null),
                  registry.host(),
                  "tomcat",
                  List.of("9"),
                  plain,
                  null,
                  2));
      Path war = temp.resolve("build/shop.war");
      Files.createDirectories(war.getParent());
      Files.write(war, new byte[] {'P', 'K', 3, 4, 1, 2, 3});
      ImageSource.Build build =
          new ImageSource.Build(
              registry.host() + "/tomcat:9",
              List.of(
                  ImageSource.FileToAdd.parse("build/shop.war:/usr/local/tomcat/webapps/", temp)),
              List.of("catalina.sh", "run"),
              Map.of("JAVA_OPTS", "-Xmx512m"),
              List.of("8080"),
              Map.of("org.opencontainers.image.version", "1.4.2"),
              null,
              temp.resolve("cache"));
      PublishRequest request =
          new PublishRequest(
              build, registry.host(), "shop", List.of("1.4.2", "latest"), plain, null, 2);

      PublishResult first = new ImagePublisher(e -> {}).publish(request);
      PublishResult again = new ImagePublisher(e -> {}).publish(request);

      assertThat(again.unchanged()).isTrue();
      assertThat(again.digest()).isEqualTo(first.digest());
      String inspected =
          runSkopeo(
              List.of(
                  "skopeo",
                  "inspect",
                  "--tls-verify=false",
                  "--config",
                  "docker://" + registry.host() + "/shop:1.4.2"));
      JsonNode config = new ObjectMapper().readTree(inspected);
      assertThat(config.at("/config/Entrypoint").toString()).isEqualTo("[\"catalina.sh\",\"run\"]");
      assertThat(config.at("/config/Env").toString()).contains("JAVA_OPTS=-Xmx512m");
      assertThat(config.at("/config/ExposedPorts").has("8080/tcp")).isTrue();
      assertThat(config.at("/config/Labels/org.opencontainers.image.version").asText())
          .isEqualTo("1.4.2");
      assertThat(config.at("/rootfs/diff_ids").size()).isEqualTo(3); // 2 base layers + the war
      assertThat(
              TestImages.skopeoDigest(
                  registry.skopeoOptions(), "docker://" + registry.host() + "/shop:latest"))
          .isEqualTo(first.digest());
    }
  }

  @Test
  void executableFilesStayExecutableAndFoldersAreAddedWhole() throws Exception {
    try (RegistryFixture registry =
        RegistryFixture.start(temp.resolve("reg"), RegistryFixture.Mode.PLAIN)) {
      RegistryAccess plain = new RegistryAccess(true, null, false, null, null);
      TestImages.ociLayout(temp.resolve("jre"), "17", 1, 1000);
      new ImagePublisher(e -> {})
          .publish(
              new PublishRequest(
                  new ImageSource.OciLayout(temp.resolve("jre"), null),
                  registry.host(),
                  "jre",
                  List.of("17"),
                  plain,
                  null,
                  2));
      Path launcher = temp.resolve("bin/tagship");
      Files.createDirectories(launcher.getParent());
      Files.writeString(launcher, "#!/bin/sh\nexec java -jar /opt/app.jar\n");
      Files.setPosixFilePermissions(
          launcher, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwx---"));
      Path site = temp.resolve("site");
      Files.createDirectories(site.resolve("css"));
      Files.writeString(site.resolve("index.html"), "<p>hi</p>");
      Files.writeString(site.resolve("css/main.css"), "p{}");
      Files.setPosixFilePermissions(
          site.resolve("index.html"),
          java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      new ImagePublisher(e -> {})
          .publish(
              new PublishRequest(
                  new ImageSource.Build(
                      registry.host() + "/jre:17",
                      List.of(
                          ImageSource.FileToAdd.parse("bin/tagship:/usr/local/bin/", temp),
                          ImageSource.FileToAdd.parse("site:/srv/", temp)),
                      List.of(),
                      Map.of(),
                      List.of(),
                      Map.of(),
                      null,
                      null),
                  registry.host(),
                  "agent",
                  List.of("1"),
                  plain,
                  null,
                  2));
      TestImages.skopeoCopy(
          List.of("--src-tls-verify=false"),
          "docker://" + registry.host() + "/agent:1",
          "oci:" + temp.resolve("out") + ":1");
      Map<String, String> modes = TestImages.layerFileModes(temp.resolve("out"));
      assertThat(modes)
          .containsEntry("usr/local/bin/tagship", "755")
          .containsEntry("srv/site/index.html", "644")
          .containsEntry("srv/site/css/main.css", "644");
    }
  }

  @Test
  void missingFileIsAUsageErrorBeforeAnythingIsPulled() {
    ImageSource.Build build =
        new ImageSource.Build(
            "127.0.0.1:9/base:1",
            List.of(ImageSource.FileToAdd.parse("missing.jar:/app/", temp)),
            List.of(),
            Map.of(),
            List.of(),
            Map.of(),
            null,
            null);

    assertThatThrownBy(
            () ->
                new ImagePublisher(e -> {})
                    .publish(
                        new PublishRequest(
                            build, "127.0.0.1:9", "x", List.of("1.0.0"), null, null, 1)))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("missing.jar does not exist")
        .matches(e -> ((ImageException) e).isUsageError());
  }

  private static String runSkopeo(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor()).as(output).isZero();
    return output;
  }
}
