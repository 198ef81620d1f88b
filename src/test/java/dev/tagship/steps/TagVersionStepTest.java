package dev.tagship.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tagship.core.SecretMasker;
import dev.tagship.testing.GitRepoFixture;
import groovy.lang.Binding;
import groovy.lang.GroovyShell;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tagVersion called the way a Jenkinsfile calls it: from real Groovy, with named arguments. */
class TagVersionStepTest {

  @TempDir Path temp;
  GitRepoFixture repo;
  final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();

  @BeforeEach
  void createRepository() {
    repo = GitRepoFixture.create(temp);
    repo.commit("web", "web/index.html");
    repo.tag("web/v1.4.0");
    repo.commit("feat: web search", "web/search.html");
    repo.pushAll();
  }

  @AfterEach
  void closeRepository() {
    repo.close();
  }

  private Object runPipelineScript(
      String script, Map<String, String> env, Credentials credentials) {
    StepLog log =
        new StepLog(
            new PrintStream(logBytes, true, StandardCharsets.UTF_8), SecretMasker.none(), false);
    StepContext context = new StepContext(repo.workTree(), env, credentials, log);
    Binding binding = new Binding();
    GroovyStepBinding.bind(binding, StepRegistry.tagship(), () -> context);
    return new GroovyShell(binding).evaluate(script);
  }

  @SuppressWarnings("unchecked")
  private static List<Object> asList(Object value) {
    return (List<Object>) value;
  }

  private String log() {
    return logBytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void stepReturnsAValueThatReadsAsTheVersionAndHasTheResultFields() {
    Object result =
        runPipelineScript(
            """
            def v = tagVersion(bump: 'minor', component: 'web', path: 'web/')
            def component = 'web'
            def again = tagVersion(component: "${component}", path: ["${component}/"])
            return ["image:${v}".toString(), v.tag, v.changed, v.pushed, again.created, again.version]
            """,
            Map.of("BUILD_URL", "https://jenkins.example.test/job/web/7/"),
            Credentials.none());

    assertThat(asList(result))
        .containsExactly("image:1.5.0", "web/v1.5.0", true, true, false, "1.5.0");
    assertThat(repo.remoteTags()).containsKey("web/v1.5.0");
    assertThat(GitRepoFixture.tagMessage(repo.remotePath(), "web/v1.5.0"))
        .contains("build: https://jenkins.example.test/job/web/7/");
    assertThat(log()).contains("tagVersion: 1.5.0 (tagged and pushed web/v1.5.0)");
  }

  @Test
  void tagFalseComputesOnly() {
    Object version =
        runPipelineScript(
            "tagVersion(component: 'web', tag: false).toString()", Map.of(), Credentials.none());

    assertThat(version).isEqualTo("1.4.1");
    assertThat(repo.localTags()).doesNotContainKey("web/v1.4.1");
  }

  @Test
  void unknownParameterFailsTheStepWithTheAllowedKeys() {
    assertThatThrownBy(
            () -> runPipelineScript("tagVersion(bumpp: 'minor')", Map.of(), Credentials.none()))
        .isInstanceOf(StepException.class)
        .hasMessageContaining("tagVersion: unknown parameter 'bumpp'; allowed: bump, component,");
  }

  @Test
  void badBumpValueIsReportedAsSuch() {
    assertThatThrownBy(
            () -> runPipelineScript("tagVersion(bump: 'huge')", Map.of(), Credentials.none()))
        .hasMessageContaining("bump 'huge' is not known; use one of auto, patch, minor, major");
  }

  @Test
  void unknownCredentialIdListsTheKnownIdsButNoValues() {
    Credentials credentials =
        Credentials.of(List.of(new Credential.UsernamePassword("bitbucket", "ci", "t0ken-value")));

    assertThatThrownBy(
            () -> runPipelineScript("tagVersion(credentialsId: 'github')", Map.of(), credentials))
        .isInstanceOf(StepException.class)
        .hasMessage("Could not find credentials entry with ID 'github'; known ids: [bitbucket]");
  }

  @Test
  void positionalArgumentsAreRejected() {
    assertThatThrownBy(() -> runPipelineScript("tagVersion('minor')", Map.of(), Credentials.none()))
        .hasMessageContaining("give parameters by name");
  }
}
