package dev.tagship.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {

  /** One cache for the tests, so Jenkins' Groovy is unpacked once. */
  static final String TEST_CACHE = Path.of("target", "test-cache").toAbsolutePath().toString();

  @TempDir Path workspace;
  @TempDir Path home;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String stdin, String... args) {
    return Main.run(
        context(
            home,
            workspace,
            stdin,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8)),
        args);
  }

  /** A user's plain environment with tagship's home in {@code home} and the tests' cache. */
  static CliContext context(
      Path home, Path workspace, String stdin, PrintStream out, PrintStream err) {
    return new CliContext(
        Map.of(
            "PATH",
            System.getenv("PATH"),
            "USER",
            "tester",
            "TAGSHIP_CACHE",
            TEST_CACHE,
            "TAGSHIP_HOME",
            home.toString()),
        workspace,
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        out,
        err);
  }

  private void jenkinsfile(String text) throws Exception {
    Files.writeString(workspace.resolve("Jenkinsfile"), text);
  }

  @Test
  void exitCodeFollowsTheResult() throws Exception {
    jenkinsfile(
        """
        pipeline {
          agent any
          parameters { choice(name: 'OUTCOME', choices: ['pass', 'fail', 'unstable']) }
          stages {
            stage('Decide') {
              steps {
                script {
                  if (params.OUTCOME == 'fail') { error 'asked to fail' }
                  if (params.OUTCOME == 'unstable') { unstable 'asked to be unstable' }
                }
              }
            }
          }
        }
        """);
    assertThat(run("", "run")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .startsWith("Started by user tester")
        .endsWith("Finished: SUCCESS\n");
    assertThat(run("", "run", "-p", "OUTCOME=fail")).isEqualTo(1);
    assertThat(run("", "run", "-p", "OUTCOME=unstable")).isEqualTo(3);
    assertThat(run("", "run", "-p", "OUTCOME=maybe")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("must be one of [pass, fail, unstable], not 'maybe'");
  }

  @Test
  void aParameterValueWithANulOrOver64KbIsBadUsageNamingItAndNothingIsRecorded() throws Exception {
    jenkinsfile(
        "pipeline { agent any; parameters { text(name: 'NOTES', defaultValue: '') }\n"
            + " stages { stage('S') { steps { echo 'ran' } } } }\n");

    assertThat(run("", "run", "-p", "NOTES=" + "n".repeat(64 * 1024 + 1))).isEqualTo(2);
    assertThat(run("", "run", "-p", "NOTES=before\0after")).isEqualTo(2);

    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("parameter 'NOTES' is 65537 bytes long")
        .contains("parameter 'NOTES' holds a NUL character");
    assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("ran");
    assertThat(run("", "run", "-p", "NOTES=" + "n".repeat(64 * 1024))).isZero();
  }

  @Test
  void inputIsAnsweredAtTheConsole() throws Exception {
    jenkinsfile(
        """
        pipeline {
          agent none
          stages {
            stage('Ask') {
              input { message 'Ship?'; ok 'Ship'; parameters { string(name: 'TARGET', defaultValue: 'dev') } }
              steps { echo "shipping to ${TARGET}" }
            }
          }
        }
        """);
    assertThat(run("Ship\nprod\n", "run")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("Approved by tester")
        .contains("shipping to prod");
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("Ship? [Ship/abort]: ");

    out.reset();
    assertThat(run("", "run")).isEqualTo(4);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("Aborted by nobody (standard input is closed)")
        .endsWith("Finished: ABORTED\n");
  }

  @Test
  void librariesByNameAndMissingJenkinsfile(@TempDir Path library) throws Exception {
    Files.createDirectories(library.resolve("vars"));
    Files.writeString(
        library.resolve("vars/hello.groovy"), "def call() { echo 'hello from lib' }\n");
    jenkinsfile(
        """
        @Library('greetings') _
        pipeline { agent none; stages { stage('x') { steps { hello() } } } }
        """);
    assertThat(run("", "run", "--library", "greetings=" + library)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("hello from lib");

    assertThat(run("", "run", "Missingfile")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("no Jenkinsfile at ");
  }

  @Test
  void credentialsFromAConfigurationAsCodeFileAreBoundAndMasked() throws Exception {
    Path file = workspace.resolve("credentials.yaml");
    Files.writeString(
        file,
        """
        credentials:
          system:
            domainCredentials:
              - credentials:
                  - usernamePassword: {scope: GLOBAL, id: registry, username: robot, password: "pw-${REGISTRY_TOKEN}"}
                  - file: {scope: GLOBAL, id: kubeconfig, fileName: config, secretBytes: "${base64:a3ViZS1zZWNyZXQtY29udGVudA==}"}
                  - azure: {scope: GLOBAL, id: sp, subscriptionId: sub-1, clientId: client-1, clientSecret: azure-client-secret, tenant: tenant-1}
        """);
    Files.setPosixFilePermissions(
        file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    jenkinsfile(
        """
        pipeline {
          agent none
          environment { REG = credentials('registry') }
          stages {
            stage('Use') {
              steps {
                sh 'echo "registry $REG_USR $REG_PSW"'
                withCredentials([file(credentialsId: 'kubeconfig', variable: 'KCFG')]) {
                  sh 'stat -c %a "$KCFG"; cat "$KCFG"; echo; echo "$KCFG" > kubeconfig-path'
                }
                withCredentials([azureServicePrincipal('sp')]) {
                  sh 'echo "$AZURE_CLIENT_ID $AZURE_CLIENT_SECRET $AZURE_TENANT_ID"'
                }
              }
            }
          }
        }
        """);
    CliContext context =
        new CliContext(
            Map.of(
                "PATH",
                System.getenv("PATH"),
                "REGISTRY_TOKEN",
                "from-env-9876",
                "TAGSHIP_CACHE",
                TEST_CACHE),
            workspace,
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(Main.run(context, "run", "--credentials", "credentials.yaml"))
        .as(() -> out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8))
        .isZero();
    String log = out.toString(StandardCharsets.UTF_8);
    assertThat(log)
        .contains("registry robot ****")
        .contains("600")
        .contains("****")
        .doesNotContain("pw-from-env-9876")
        .doesNotContain("kube-secret-content")
        .doesNotContain("azure-client-secret")
        .doesNotContain("client-1");
    Path secretFile = Path.of(Files.readString(workspace.resolve("kubeconfig-path")).trim());
    assertThat(secretFile).doesNotExist();
  }

  @Test
  void syntaxNewerThanJenkinsGroovyFailsBeforeAnythingRuns() throws Exception {
    jenkinsfile(
        """
        pipeline {
          agent none
          stages {
            stage('Lambda') {
              steps {
                script {
                  def twice = [1, 2].collect((x) -> x * 2)
                  echo "twice ${twice}"
                }
              }
            }
          }
        }
        """);
    assertThat(run("", "run")).isEqualTo(2);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("startup failed:")
        .contains("WorkflowScript: 7:")
        .doesNotContain("[Pipeline] Start of Pipeline")
        .doesNotContain("twice [2, 4]");
  }

  @Test
  void runsAreRecordedWithNumbersResultsStagesAndMaskedLogs() throws Exception {
    jenkinsfile(
        """
        pipeline {
          agent none
          parameters {
            booleanParam(name: 'FAIL', defaultValue: false)
            password(name: 'TOKEN', defaultValue: 'hidden-token-value')
          }
          stages {
            stage('One') { steps { echo "token ${params.TOKEN}" } }
            stage('Two') {
              steps { script { if (params.FAIL) { error 'asked to fail' } } }
            }
          }
          post {
            fixed { echo 'fixed since the last run' }
            regression { echo 'worse than the last run' }
          }
        }
        """);
    assertThat(run("", "run", "--name", "demo")).isZero();
    assertThat(run("", "run", "--name", "demo", "-p", "FAIL=true")).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("worse than the last run");
    out.reset();
    assertThat(run("", "run", "--name", "demo")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("fixed since the last run");

    out.reset();
    assertThat(run("", "runs", "--output", "json")).isZero();
    var runs =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(out.toString(StandardCharsets.UTF_8))
            .get("runs");
    assertThat(runs).hasSize(3);
    assertThat(runs.get(0).get("number").asInt()).isEqualTo(3);
    assertThat(runs.get(1).get("result").asText()).isEqualTo("FAILURE");
    assertThat(runs.get(1).get("error").asText()).isEqualTo("asked to fail");
    assertThat(runs.get(1).at("/parameters/TOKEN").asText()).isEqualTo("****");
    assertThat(runs.get(1).at("/parameters/FAIL").asText()).isEqualTo("true");

    out.reset();
    long failed = runs.get(1).get("id").asLong();
    assertThat(run("", "runs", Long.toString(failed), "--log")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("One")
        .contains("SUCCESS")
        .contains("Two")
        .contains("FAILURE")
        .contains("token ****")
        .contains("Finished: FAILURE")
        .doesNotContain("hidden-token-value");

    out.reset();
    assertThat(run("", "runs", Long.toString(failed), "--log", "--stage", "One")).isZero();
    String stageLog = out.toString(StandardCharsets.UTF_8);
    assertThat(stageLog).contains("token ****");
    assertThat(stageLog.substring(stageLog.indexOf("[Pipeline]")))
        .doesNotContain("asked to fail")
        .doesNotContain("Finished: FAILURE");
    err.reset();
    assertThat(run("", "runs", Long.toString(failed), "--log", "--stage", "Three")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("no stage named Three")
        .contains("One");
  }

  @Test
  void aSyntaxErrorExitsWith2AtTheBrokenLineAndIsRecordedAsAFailedRun() throws Exception {
    jenkinsfile(
        """
        pipeline {
          agent any
          parameters {
            choice(name: 'ENVIRONMENT', choices: ['development', 'production'])
            string(name: 'ROLLBACK_TO', defaultValue: '', trim: true
            booleanParam(name: 'BREAK', defaultValue: false)
          }
          stages {
            stage('Build') { steps { echo 'building' } }
          }
        }
        """);

    assertThat(run("", "run", "--name", "broken")).isEqualTo(2);

    // Groovy 4 alone blames "pipeline {" (line 1); Jenkins' Groovy 2.4 stops at the broken call
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("WorkflowScript: 6: expecting ')', found 'booleanParam' @ line 6, column 5.")
        .contains("    booleanParam(name: 'BREAK', defaultValue: false)\n       ^")
        .doesNotContain("@ line 1,")
        .doesNotContain("\tat ")
        .doesNotContain("building")
        .endsWith("Finished: FAILURE\n");
    out.reset();
    assertThat(run("", "runs", "--output", "json")).isZero();
    var runs =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(out.toString(StandardCharsets.UTF_8))
            .get("runs");
    assertThat(runs.get(0).get("result").asText()).isEqualTo("FAILURE");
    assertThat(runs.get(0).get("error").asText()).contains("@ line 6, column 5.");
  }

  @Test
  void aDeclarativeValidationErrorStaysAFailedRunWithExitCode1() throws Exception {
    jenkinsfile(
        """
        pipeline {
          agent any
          deploy { echo 'no such section' }
          stages { stage('A') { steps { echo 'a' } } }
        }
        """);

    assertThat(run("", "run")).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("WorkflowScript: 3: Undefined section \"deploy\" @ line 3, column 3.");
  }

  @Test
  void aJenkinsfileThatIsNotUtf8TextExitsWith2NamingItsLineAndColumn() throws Exception {
    byte[] text =
        "pipeline {\n  agent any\n  stages { stage('A') { steps { echo 'caf\u00e9' } } }\n}\n"
            .getBytes(StandardCharsets.ISO_8859_1);
    Files.write(workspace.resolve("Jenkinsfile"), text);

    assertThat(run("", "run")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("line 3, column 42: byte 0xe9 is not UTF-8 text")
        .doesNotContain("unexpected error");

    Files.write(
        workspace.resolve("Jenkinsfile"),
        "pipeline {\n  agent any\u0000\n}\n".getBytes(StandardCharsets.UTF_8));
    err.reset();
    assertThat(run("", "run")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("line 2, column 12: a NUL character");
  }

  /** A pipeline of {@code depth} stages, each inside the one before, the last echoing "leaf". */
  private static String nestedStages(int depth) {
    StringBuilder text = new StringBuilder("pipeline {\n  agent any\n  stages {\n");
    for (int i = 1; i <= depth; i++) {
      text.append("stage('level ").append(i).append("') { stages {\n");
    }
    text.append("stage('leaf') { steps { echo 'leaf of ").append(depth).append("' } }\n");
    return text.append("} }\n".repeat(depth)).append("  }\n}\n").toString();
  }

  @Test
  void stagesNestedTwelveAndThirtyDeepRun() throws Exception {
    for (int depth : new int[] {12, 30}) {
      jenkinsfile(nestedStages(depth));
      out.reset();
      assertThat(run("", "run")).as(out.toString(StandardCharsets.UTF_8)).isZero();
      assertThat(out.toString(StandardCharsets.UTF_8))
          .contains("[Pipeline] { (level " + depth + ")")
          .contains("leaf of " + depth)
          .endsWith("Finished: SUCCESS\n");
    }
  }

  @Test
  void theDeepestNestingAcceptedRunsAndOneLevelMoreIsRefusedWhereItStarts() throws Exception {
    // pipeline { stages { then two levels a stage; the leaf's stage and steps add two more
    int deepest = (dev.tagship.pipeline.JenkinsfileLimits.MAX_NESTING - 4) / 2;
    jenkinsfile(nestedStages(deepest));
    assertThat(run("", "run")).as(out.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("leaf of " + deepest);

    jenkinsfile(nestedStages(deepest + 1));
    out.reset();
    assertThat(run("", "run")).isEqualTo(2);
    // the leaf stage's parenthesis, on the line after the last nested stage, is one level too deep
    int line = 3 + (deepest + 1) + 1;
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("WorkflowScript: " + line + ": nesting deeper than 100 levels")
        .contains("@ line " + line + ", column 6.")
        .doesNotContain("[Pipeline]");
  }

  @Test
  void aSyntaxErrorIsReportedBeforeAMissingLibraryAsJenkinsParsesFirst() throws Exception {
    jenkinsfile(
        """
        @Library('greeter') _
        pipeline {
          agent any
          stages { stage('A') { steps { greet('a' } } }
        }
        """);

    assertThat(run("", "run")).isEqualTo(2);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("WorkflowScript: 4: ")
        .contains("@ line 4, column ")
        .doesNotContain("No library named");
  }
}
