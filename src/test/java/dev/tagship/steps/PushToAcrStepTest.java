package dev.tagship.steps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tagship.core.SecretMasker;
import dev.tagship.testing.DockerEngineStandIn;
import dev.tagship.testing.GitRepoFixture;
import dev.tagship.testing.RegistryFixture;
import dev.tagship.testing.TestImages;
import groovy.lang.Binding;
import groovy.lang.GroovyShell;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tagVersion then pushToAcr, from real Groovy, into a real registry that wants sign-in. */
class PushToAcrStepTest {

  @TempDir Path temp;

  @Test
  void versionFromGitTagsBecomesTheImageTagAndLatestFollows() {
    try (GitRepoFixture repo = GitRepoFixture.create(temp.resolve("git"));
        RegistryFixture registry =
            RegistryFixture.start(temp.resolve("reg"), RegistryFixture.Mode.BASIC_AUTH)) {
      repo.commit("first");
      repo.tag("v1.4.1");
      repo.commit("feat: search");
      repo.pushAll();
      String digest = TestImages.ociLayout(repo.workTree().resolve("build/image"), "app", 7, 2000);
      ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
      StepLog log =
          new StepLog(
              new PrintStream(logBytes, true, StandardCharsets.UTF_8), SecretMasker.none(), false);
      Credentials credentials =
          Credentials.of(
              List.of(
                  new Credential.UsernamePassword(
                      "acr", RegistryFixture.USERNAME, RegistryFixture.PASSWORD)));
      StepContext context = new StepContext(repo.workTree(), Map.of(), credentials, log);
      Object image =
          groovy(context, registry.host())
              .evaluate(
                  """
                  def v = tagVersion(bump: 'auto')
                  def image = pushToAcr(registry: REGISTRY, repository: 'shop', tags: [v, 'latest'],
                                        image: 'oci:build/image', plainHttp: true,
                                        credentialsId: 'acr')
                  assert image.digest.startsWith('sha256:')
                  return image
                  """);

      assertThat(image.toString()).isEqualTo(registry.host() + "/shop@" + digest);
      for (String tag : List.of("1.5.0", "latest")) {
        assertThat(
                TestImages.skopeoDigest(
                    registry.skopeoOptions(), "docker://" + registry.host() + "/shop:" + tag))
            .isEqualTo(digest);
      }
      String logText = logBytes.toString(StandardCharsets.UTF_8);
      assertThat(logText).contains("pushToAcr: " + registry.host() + "/shop@" + digest);
      assertThat(logText).doesNotContain(RegistryFixture.PASSWORD);
    }
  }

  /** A Groovy shell with tagship's steps running in {@code context}, and REGISTRY set. */
  private static GroovyShell groovy(StepContext context, String registry) {
    Binding binding = new Binding();
    binding.setVariable("REGISTRY", registry);
    GroovyStepBinding.bind(binding, StepRegistry.tagship(), () -> context);
    return new GroovyShell(binding);
  }

  @Test
  void dockerDaemonImageComesFromTheDaemonInTheBuildsEnvironment() {
    Path tarball = temp.resolve("saved.tar");
    String digest = TestImages.dockerSaveOciTarball(tarball, "shop:2.0.0", 8, 2000);
    try (RegistryFixture registry =
            RegistryFixture.start(temp.resolve("reg"), RegistryFixture.Mode.PLAIN);
        DockerEngineStandIn engine = DockerEngineStandIn.onUnixSocket(temp)) {
      engine.addImage("shop:2.0.0", tarball);
      StepLog log = new StepLog(System.err, SecretMasker.none(), false);
      StepContext context =
          new StepContext(
              temp, Map.of("DOCKER_HOST", engine.dockerHost()), Credentials.of(List.of()), log);
      Object image =
          groovy(context, registry.host())
              .evaluate(
                  """
                  pushToAcr(registry: REGISTRY, repository: 'shop', tags: ['2.0.0'],
                            image: 'docker-daemon:shop:2.0.0', plainHttp: true)
                  """);

      assertThat(image.toString()).isEqualTo(registry.host() + "/shop@" + digest);
      assertThat(engine.requestTargets()).contains("/images/shop:2.0.0/get");
    }
  }
}
