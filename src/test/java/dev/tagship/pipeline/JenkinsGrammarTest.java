package dev.tagship.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tagship.pipeline.JenkinsGrammar.SyntaxError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JenkinsGrammarTest {

  private static final String SCRIPT = JenkinsGrammar.JENKINSFILE_SCRIPT_NAME;

  @TempDir static Path cache;

  private static JenkinsGrammar grammar;

  @BeforeAll
  static void openGrammar() {
    grammar = new JenkinsGrammar(cache);
  }

  @AfterAll
  static void closeGrammar() {
    grammar.close();
  }

  @Test
  void declarativePipelineWithStagesClosuresGStringsAndMapsPasses() {
    String jenkinsfile =
        """
        @Library('tagship') _

        def imageTags = [registry: 'example.azurecr.io', names: ['shop', 'cart']]

        pipeline {
          agent any
          options { timeout(time: 10, unit: 'MINUTES') }
          parameters {
            choice(name: 'TARGET', choices: ['dev', 'prod'], description: 'where to deploy')
          }
          environment {
            GIT = credentials('git')
          }
          stages {
            stage('version') {
              when { branch 'main' }
              steps {
                script {
                  def version = tagVersion(component: 'shop')
                  env.VERSION = "${version.version}"
                  imageTags.names.each { name -> echo "tag ${imageTags.registry}/${name}:${env.VERSION}" }
                  def sizes = imageTags.names.collectEntries { [(it): it.size()] }
                  echo "sizes: ${sizes}"
                  // neither a === b nor var x = 1 in a comment, a string or a regex is code
                  echo 'compare with === in Groovy 3; var x = 1'
                  def variable = 'same' ==~ /s===e|var x/ ? 1 : 2
                  def var = variable
                }
              }
            }
            stage('deploy') {
              parallel {
                stage('a') { steps { sh "echo ${params.TARGET}" } }
                stage('b') { steps { sh label: 'b', script: 'true' } }
              }
            }
          }
          post {
            failure { echo 'failed' }
            always { cleanWs() }
          }
        }
        """;

    assertThat(grammar.check(jenkinsfile, SCRIPT)).isEmpty();
  }

  @Test
  void grabIsNotResolvedWhileParsing() {
    String script = "@Grab('org.example:nowhere:1.0')\nimport org.example.Nowhere\necho 'hi'\n";

    assertThat(grammar.check(script, SCRIPT)).isEmpty();
  }

  @Test
  void lambdaIsReportedAsJenkinsPrintsIt() {
    List<SyntaxError> errors =
        grammar.check(inScriptBlock("def doubled = [1, 2].collect((x) -> x * 2)"), SCRIPT);

    assertThat(errors).hasSize(1);
    SyntaxError error = errors.get(0);
    assertThat(error.line()).isEqualTo(7);
    assertThat(error.column()).isEqualTo(44);
    assertThat(error.toString())
        .isEqualTo("WorkflowScript: 7: unexpected token: -> @ line 7, column 44.");
  }

  @Test
  void methodReferenceIsReportedAtItsLine() {
    assertSingleErrorAtLine7("def texts = [1, 2].collect(String::valueOf)", "unexpected token: :");
  }

  @Test
  void notInIsReportedAtItsLine() {
    assertSingleErrorAtLine7("if (env.TARGET !in ['dev', 'prod']) { error 'bad target' }", "!");
  }

  @Test
  void safeIndexIsReportedAtItsLine() {
    assertSingleErrorAtLine7("def first = env.LIST?.[0]", "unexpected token: [");
  }

  @Test
  void doWhileIsReportedAtItsLine() {
    assertSingleErrorAtLine7("int i = 0; do { i++ } while (i < 3)", "unexpected token: do");
  }

  @Test
  void identityOperatorThatGroovy24ParsesButCannotCompileIsReported() {
    assertSingleErrorAtLine7(
        "if (env.A === env.B) { echo 'same' }", "'===' is not an operator in Jenkins' Groovy 2.4");
  }

  @Test
  void varDeclarationThatGroovy24ParsesAsAMethodCallIsReported() {
    assertSingleErrorAtLine7("var count = 1", "'var' is not a keyword in Jenkins' Groovy 2.4");
  }

  @Test
  void unbalancedBraceIsReported() {
    String jenkinsfile = "pipeline {\n  agent any\n  stages {\n    stage('a') {\n";

    List<SyntaxError> errors = grammar.check(jenkinsfile, SCRIPT);

    assertThat(errors)
        .singleElement()
        .asString()
        .startsWith("WorkflowScript: 5: unexpected token:");
  }

  @Test
  void scriptNameIsTheOneGiven() {
    assertThat(grammar.check("def f = (x) -> x", "vars/deploy.groovy"))
        .singleElement()
        .asString()
        .startsWith("vars/deploy.groovy: 1: ");
  }

  @Test
  void jarIsUnpackedOnceReadableByAllAndWrittenByItsOwner(@TempDir Path ownCache)
      throws IOException {
    try (JenkinsGrammar first = new JenkinsGrammar(ownCache)) {
      assertThat(first.check("echo 'one'", SCRIPT)).isEmpty();
    }
    Path jar = onlyJarIn(ownCache);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(jar)))
        .isEqualTo("rw-r--r--");
    FileTime unpacked = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
    Files.setLastModifiedTime(jar, unpacked);

    try (JenkinsGrammar second = new JenkinsGrammar(ownCache)) {
      assertThat(second.check("echo 'two'", SCRIPT)).isEmpty();
    }

    assertThat(Files.getLastModifiedTime(jar)).isEqualTo(unpacked);
    try (Stream<Path> leftovers = Files.list(jar.getParent())) {
      assertThat(leftovers).containsExactly(jar);
    }
  }

  @Test
  void cachedJarOfTheWrongSizeIsReplaced(@TempDir Path ownCache) throws IOException {
    try (JenkinsGrammar first = new JenkinsGrammar(ownCache)) {
      first.check("echo 'one'", SCRIPT);
    }
    Path jar = onlyJarIn(ownCache);
    Files.delete(jar);
    Files.write(jar, new byte[] {'P', 'K'});

    try (JenkinsGrammar second = new JenkinsGrammar(ownCache)) {
      assertThat(second.check("def f = (x) -> x", SCRIPT)).hasSize(1);
    }

    assertThat(Files.size(jar)).isGreaterThan(7_000_000L);
  }

  @Test
  void closedGrammarRefusesToCheck(@TempDir Path ownCache) {
    JenkinsGrammar closed = new JenkinsGrammar(ownCache);
    closed.close();

    assertThatThrownBy(() -> closed.check("echo 'x'", SCRIPT))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  private static void assertSingleErrorAtLine7(String statement, String messagePart) {
    List<SyntaxError> errors = grammar.check(inScriptBlock(statement), SCRIPT);

    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).line()).isEqualTo(7);
    assertThat(errors.get(0).message()).contains(messagePart).endsWith(".");
    assertThat(errors.get(0).toString()).startsWith("WorkflowScript: 7: ");
  }

  /** A Jenkinsfile with {@code statement} on line 7, in a script block. */
  private static String inScriptBlock(String statement) {
    return """
        pipeline {
          agent any
          stages {
            stage('build') {
              steps {
                script {
                  %s
                }
              }
            }
          }
        }
        """
        .formatted(statement);
  }

  private static Path onlyJarIn(Path cacheDirectory) throws IOException {
    try (Stream<Path> files = Files.walk(cacheDirectory)) {
      List<Path> jars = files.filter(file -> file.toString().endsWith(".jar")).toList();
      assertThat(jars).hasSize(1);
      return jars.get(0);
    }
  }

  @Test
  void nestingPastTheLimitIsReportedWhereItIsPassedWithoutGivingItToGroovy24() {
    // 3,000 nested closures overflowed Groovy 2.4's parser on a default thread stack
    String jenkinsfile = "def f = " + "{ -> ".repeat(3000) + "1" + " }".repeat(3000) + "\n";

    List<SyntaxError> errors = grammar.check(jenkinsfile, SCRIPT);

    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).line()).isEqualTo(1);
    assertThat(errors.get(0).column()).isEqualTo(9 + 5 * JenkinsfileLimits.MAX_NESTING);
    assertThat(errors.get(0).message())
        .startsWith("nesting deeper than " + JenkinsfileLimits.MAX_NESTING + " levels")
        .endsWith("@ line 1, column " + errors.get(0).column() + ".");
  }

  @Test
  void nestingUpToTheLimitIsParsedByGroovy24() {
    int depth = JenkinsfileLimits.MAX_NESTING;
    String jenkinsfile = "def f = " + "{ -> ".repeat(depth) + "1" + " }".repeat(depth) + "\n";

    assertThat(grammar.check(jenkinsfile, SCRIPT)).isEmpty();
    String broken = "def f = " + "{ -> ".repeat(depth) + "1" + " }".repeat(depth - 1) + "\n";
    assertThat(grammar.check(broken, SCRIPT)).isNotEmpty();
  }
}
