package dev.tagship.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tagship.testing.RegistryFixture;
import dev.tagship.testing.TestImages;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run never sees the host's secrets: neither tagship's own secret variables nor those its
 * credentials file reads reach a step's processes or the pipeline's code, while tagship's own steps
 * still sign in with them; and every value a configured credential holds is masked, bound or not.
 */
class RunSecretsTest {

  private static final String UI_TOKEN = "ui-token-4f1c2e9a7b3d5f60aa17";
  private static final String KUBE_TOKEN = "kube-token-8d7e6f5a4b3c2d1e";
  private static final String GIT_PASSWORD = "git-password-1a2b3c4d5e";
  private static final String API_TOKEN = "api-token-9z8y7x6w5v4u";

  /** Tagship's own secret variables and the one the credentials file reads. */
  private static final List<String> WITHHELD =
      List.of(
          "TAGSHIP_UI_TOKEN",
          "TAGSHIP_REGISTRY_USERNAME",
          "TAGSHIP_REGISTRY_PASSWORD",
          "TAGSHIP_KUBE_TOKEN",
          "TAGSHIP_GIT_USERNAME",
          "TAGSHIP_GIT_PASSWORD",
          "TAGSHIP_GIT_CREDENTIALS_FILE",
          "TAGSHIP_CREDENTIALS",
          "API_TOKEN");

  @TempDir Path workspace;
  @TempDir Path home;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private Map<String, String> hostEnvironment(Path credentialsFile) {
    Map<String, String> env = new HashMap<>();
    env.put("PATH", System.getenv("PATH"));
    env.put("HOME", home.toString());
    env.put("USER", "tester");
    env.put("TAGSHIP_CACHE", RunCommandTest.TEST_CACHE);
    env.put("TAGSHIP_HOME", home.toString());
    env.put("TAGSHIP_UI_TOKEN", UI_TOKEN);
    env.put("TAGSHIP_REGISTRY_USERNAME", RegistryFixture.USERNAME);
    env.put("TAGSHIP_REGISTRY_PASSWORD", RegistryFixture.PASSWORD);
    env.put("TAGSHIP_KUBE_TOKEN", KUBE_TOKEN);
    env.put("TAGSHIP_GIT_USERNAME", "builder");
    env.put("TAGSHIP_GIT_PASSWORD", GIT_PASSWORD);
    env.put("TAGSHIP_GIT_CREDENTIALS_FILE", home.resolve("git-credentials").toString());
    env.put("TAGSHIP_CREDENTIALS", credentialsFile.toString());
    env.put("API_TOKEN", API_TOKEN);
    env.put("KEY_FILE_FOLDER", home.toString());
    return env;
  }

  /** A credentials file that reads API_TOKEN, and a key file whose path comes from a variable. */
  private Path credentialsFile() throws Exception {
    Files.writeString(home.resolve("deploy-key"), "deploy-key-content-from-a-file-77\n");
    Path file = home.resolve("credentials.yaml");
    Files.writeString(
        file,
        """
        credentials:
          system:
            domainCredentials:
              - credentials:
                  - string: {scope: GLOBAL, id: api, secret: "${API_TOKEN}"}
                  - string: {scope: GLOBAL, id: deploy, secret: "${readFile:${KEY_FILE_FOLDER}/deploy-key}"}
        """);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  private int runInProcess(Map<String, String> env, String... args) {
    CliContext context =
        new CliContext(
            env,
            workspace,
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return Main.run(context, args);
  }

  private String log() {
    return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
  }

  private static void assertNoneOfTheHostSecretsIn(String log) {
    for (String name : WITHHELD) {
      assertThat(log).as(name).doesNotContainPattern("(?m)^" + name + "=");
    }
    assertThat(log)
        .doesNotContain(UI_TOKEN)
        .doesNotContain(RegistryFixture.PASSWORD)
        .doesNotContain(KUBE_TOKEN)
        .doesNotContain(GIT_PASSWORD)
        .doesNotContain(API_TOKEN);
  }

  @Test
  void hostSecretsNeverReachARunWhileTagshipsOwnStepsStillSignInWithThem() throws Exception {
    Path credentials = credentialsFile();
    try (RegistryFixture registry =
        RegistryFixture.start(home.resolve("registry"), RegistryFixture.Mode.BASIC_AUTH)) {
      String digest = TestImages.ociLayout(workspace.resolve("build/image"), "app", 3, 1000);
      Files.writeString(
          workspace.resolve("Jenkinsfile"),
          """
          pipeline {
            agent any
            stages {
              stage('Look') {
                steps {
                  sh 'env | sort'
                  echo "pipeline code reads API_TOKEN as ${env.API_TOKEN} and the registry password as ${env.TAGSHIP_REGISTRY_PASSWORD}"
                  echo "the key file folder is still there: ${env.KEY_FILE_FOLDER != null}"
                }
              }
              stage('Push') {
                steps {
                  script {
                    def image = pushToAcr(registry: '%s', repository: 'shop', tags: ['1.0.0'],
                                          image: 'oci:build/image', plainHttp: true)
                    echo "pushed ${image.digest}"
                  }
                }
              }
            }
          }
          """
              .formatted(registry.host()));

      int exit = runInProcess(hostEnvironment(credentials), "run");

      String log = log();
      assertThat(exit).as(log).isZero();
      assertThat(log)
          .contains("PATH=")
          .contains("pipeline code reads API_TOKEN as null and the registry password as null")
          .contains("the key file folder is still there: true")
          .contains("pushed " + digest);
      assertNoneOfTheHostSecretsIn(log);
    }
  }

  @Test
  void aTagshipRunInItsOwnProcessKeepsTheHostSecretsFromItsShSteps() throws Exception {
    Path credentials = credentialsFile();
    Files.writeString(
        workspace.resolve("Jenkinsfile"),
        """
        pipeline {
          agent any
          stages { stage('Look') { steps { sh 'env | sort' } } }
        }
        """);
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.tagship.cli.Main",
                "run")
            .directory(workspace.toFile())
            .redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().putAll(hostEnvironment(credentials));
    Process process = builder.start();
    String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(log).isZero();
    assertThat(log).contains("PATH=").contains("Finished: SUCCESS");
    assertNoneOfTheHostSecretsIn(log);
  }

  /**
   * Issue 11: "a run's processes and its pipeline code never see those variables". The run's code
   * executed inside the tagship process, whose own environment held them: System.getenv, any
   * process the code starts (ProcessBuilder, String.execute) and a step reading its parent's
   * /proc/PID/environ read them. Reversed, so the masker cannot hide what the run was able to read.
   */
  @Test
  void pipelineCodeAndTheProcessesItStartsNeverSeeTheHostSecrets() throws Exception {
    Path credentials = credentialsFile();
    Files.writeString(
        workspace.resolve("Jenkinsfile"),
        """
        pipeline {
          agent any
          stages { stage('Look') { steps { script {
            echo "getenv: ${System.getenv('TAGSHIP_REGISTRY_PASSWORD')?.reverse()}"
            echo "getenv: ${System.getenv('API_TOKEN')?.reverse()}"
            echo "started: " + ['sh', '-c', 'echo "$TAGSHIP_KUBE_TOKEN" | rev'].execute().text
            sh 'tr "\\\\0" "\\\\n" < /proc/$PPID/environ | rev'
          } } } }
        }
        """);
    String log = runInItsOwnProcess(credentials);

    assertThat(log).contains("Finished: SUCCESS");
    assertThat(log)
        .doesNotContain(new StringBuilder(RegistryFixture.PASSWORD).reverse())
        .doesNotContain(new StringBuilder(API_TOKEN).reverse())
        .doesNotContain(new StringBuilder(KUBE_TOKEN).reverse());
  }

  /**
   * Issue 11: a step could read tagship's own secret variables from its parent, the tagship process
   * ({@code /proc/$PPID/environ}); the credentials file's values came out masked, tagship's own in
   * clear. The run's process now holds none of them in its environment.
   */
  @Test
  void aStepFindsNoSecretInItsParentsEnvironment() throws Exception {
    Path credentials = credentialsFile();
    Files.writeString(
        workspace.resolve("Jenkinsfile"),
        """
        pipeline {
          agent any
          stages { stage('Look') { steps {
            sh 'xargs -0 -n 1 < /proc/$PPID/environ'
          } } }
        }
        """);
    String log = runInItsOwnProcess(credentials);

    assertThat(log).contains("Finished: SUCCESS").contains("PATH=").doesNotContain("API_TOKEN");
    assertThat(log)
        .doesNotContain(UI_TOKEN)
        .doesNotContain(RegistryFixture.PASSWORD)
        .doesNotContain(KUBE_TOKEN)
        .doesNotContain(GIT_PASSWORD)
        .doesNotContain(API_TOKEN);
  }

  /**
   * The variables a credentials file given with --credentials reads are secrets too: with no
   * TAGSHIP_ variable set at all, the run still goes on in a process that does not hold them.
   */
  @Test
  void aCredentialsFilesVariablesAreNotInTheRunsProcessEither() throws Exception {
    Path credentials = credentialsFile();
    Files.writeString(
        workspace.resolve("Jenkinsfile"),
        """
        pipeline {
          agent any
          stages { stage('Look') { steps { script {
            echo "getenv: ${System.getenv('API_TOKEN')?.reverse()}"
          } } } }
        }
        """);
    Map<String, String> env = new HashMap<>();
    env.put("PATH", System.getenv("PATH"));
    env.put("HOME", home.toString());
    env.put("TAGSHIP_CACHE", RunCommandTest.TEST_CACHE);
    env.put("API_TOKEN", API_TOKEN);
    env.put("KEY_FILE_FOLDER", home.toString());

    int exit =
        runInProcess(
            env,
            "run",
            "--credentials",
            credentials.toString(),
            "--store",
            home.resolve("r.db").toString());

    assertThat(exit).as(log()).isZero();
    assertThat(log())
        .contains("getenv: null")
        .doesNotContain(new StringBuilder(API_TOKEN).reverse());
  }

  private String runInItsOwnProcess(Path credentials) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.tagship.cli.Main",
                "run")
            .directory(workspace.toFile())
            .redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().putAll(hostEnvironment(credentials));
    Process process = builder.start();
    String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return log;
  }

  @Test
  void everyValueOfEveryConfiguredCredentialIsMaskedWhetherBoundOrNot() throws Exception {
    String unboundText = "s3cr3t-never-bound-42";
    String password = "pa55/word+never-bound";
    String passphrase = "key-passphrase-7781";
    String keyLine = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW";
    String clientSecret = "azure-client-secret-x1y2";
    String subscription = "0b1f6471-1bf0-4dda-aec3-111122223333";
    Path file = home.resolve("credentials.yaml");
    Files.writeString(
        file,
        """
        credentials:
          system:
            domainCredentials:
              - credentials:
                  - string: {scope: GLOBAL, id: unbound, secret: "%s"}
                  - usernamePassword: {scope: GLOBAL, id: git, username: bot, password: "%s"}
                  - file: {scope: GLOBAL, id: props, fileName: app.properties, secretBytes: "${base64:db.password=file-secret-line-1\\napi.key=file-secret-line-2\\n}"}
                  - basicSSHUserPrivateKey:
                      scope: GLOBAL
                      id: ssh
                      username: git
                      passphrase: "%s"
                      privateKeySource:
                        directEntry:
                          privateKey: "-----BEGIN OPENSSH PRIVATE KEY-----\\n%s\\n-----END OPENSSH PRIVATE KEY-----\\n"
                  - azure: {scope: GLOBAL, id: sp, subscriptionId: "%s", clientId: 6c7d8e9f-aaaa-bbbb-cccc-444455556666, clientSecret: "%s", tenant: 72f988bf-86f1-41af-91ab-2d7cd011db47}
        """
            .formatted(unboundText, password, passphrase, keyLine, subscription, clientSecret));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    List<String> leaked =
        List.of(
            unboundText,
            Base64.getEncoder().encodeToString(unboundText.getBytes(StandardCharsets.UTF_8)),
            password,
            URLEncoder.encode(password, StandardCharsets.UTF_8),
            "bot:" + password,
            "db.password=file-secret-line-1",
            "api.key=file-secret-line-2",
            passphrase,
            keyLine,
            subscription,
            clientSecret);
    Files.write(workspace.resolve("tool-output.txt"), leaked);
    Files.writeString(
        workspace.resolve("Jenkinsfile"),
        """
        pipeline {
          agent any
          stages { stage('Leak') { steps { sh 'cat tool-output.txt' } } }
        }
        """);
    Map<String, String> env = new HashMap<>();
    env.put("PATH", System.getenv("PATH"));
    env.put("TAGSHIP_CACHE", RunCommandTest.TEST_CACHE);
    env.put("TAGSHIP_HOME", home.toString());

    int exit = runInProcess(env, "run", "--credentials", file.toString());

    String log = log();
    assertThat(exit).as(log).isZero();
    assertThat(log).contains("+ cat tool-output.txt");
    for (String value : leaked) {
      assertThat(log).as(value).doesNotContain(value);
    }
    assertThat(log.lines().filter(line -> line.equals("****")).count()).isEqualTo(leaked.size());
  }

  @Test
  @org.junit.jupiter.api.Timeout(120)
  void aWeakSignInTokenIsRefusedAndTheMessageSaysSoInPlainWords() {
    Map<String, String> refusals =
        Map.of(
            "short",
            "is too short to be safe",
            "x".repeat(40),
            "one character repeated",
            "0123456789abcdef0123",
            "bits");
    refusals.forEach(
        (token, message) -> {
          err.reset();
          Map<String, String> env = new HashMap<>();
          env.put("HOME", home.toString());
          env.put("TAGSHIP_UI_TOKEN", token);
          assertThat(runInProcess(env, "serve", "--port", "0")).isEqualTo(Main.USAGE);
          assertThat(err.toString(StandardCharsets.UTF_8)).contains(message);
        });
  }
}
