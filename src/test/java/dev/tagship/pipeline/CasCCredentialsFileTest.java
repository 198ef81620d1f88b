package dev.tagship.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tagship.steps.Credential;
import dev.tagship.steps.Credential.AzureServicePrincipal;
import dev.tagship.steps.Credential.FileCredential;
import dev.tagship.steps.Credential.SecretText;
import dev.tagship.steps.Credential.SshUserPrivateKey;
import dev.tagship.steps.Credential.UsernamePassword;
import dev.tagship.steps.Credentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CasCCredentialsFileTest {

  private static final String GIT_TOKEN = "ghp-s3cr3t-git-token";
  private static final String ACR_TOKEN = "acr-s3cr3t-token";
  private static final String CLIENT_SECRET = "azure-s3cr3t-client";
  private static final String PASSPHRASE = "ssh-s3cr3t-passphrase";
  private static final String PRIVATE_KEY =
      "-----BEGIN OPENSSH PRIVATE KEY-----\n"
          + "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
          + "-----END OPENSSH PRIVATE KEY-----\n";
  private static final String KUBECONFIG = "apiVersion: v1\nkind: Config\ntoken: kube-s3cr3t\n";

  /** Values that must never appear in an error message. */
  private static final List<String> SECRETS =
      List.of(GIT_TOKEN, ACR_TOKEN, CLIENT_SECRET, PASSPHRASE, "kube-s3cr3t", "literal-s3cr3t");

  @TempDir Path folder;

  private final List<String> warnings = new ArrayList<>();

  @Test
  void readsEveryKindAcrossDomainsAsJenkinsTeamsWriteThem() throws IOException {
    Path key = privateFile("keys/deploy_key", PRIVATE_KEY);
    String yaml =
        """
        jenkins:
          systemMessage: "the rest of jenkins.yaml is ignored"
        credentials:
          system:
            domainCredentials:
              - credentials:
                  - usernamePassword:
                      scope: GLOBAL
                      id: git
                      username: bot
                      password: "${GIT_TOKEN}"
                      description: "push tags"
                  - string: {scope: GLOBAL, id: acr-token, secret: "${ACR_TOKEN}"}
                  - file:
                      scope: GLOBAL
                      id: kubeconfig
                      fileName: config
                      secretBytes: "${KUBECONFIG_B64}"
              - domain:
                  name: "example.com"
                  description: "example.com hosts"
                  specifications:
                    - hostnameSpecification:
                        includes: "*.example.com"
                credentials:
                  - basicSSHUserPrivateKey:
                      scope: GLOBAL
                      id: deploy-key
                      username: git
                      passphrase: "${SSH_PASSPHRASE}"
                      privateKeySource:
                        directEntry:
                          privateKey: "${readFile:%s}"
                  - azure:
                      scope: GLOBAL
                      id: azure-sp
                      subscriptionId: "sub-1234"
                      clientId: "client-5678"
                      clientSecret: "${AZURE_CLIENT_SECRET}"
                      tenant: "tenant-9abc"
                      azureEnvironmentName: "Azure"
        """
            .formatted(key);
    Map<String, String> env =
        Map.of(
            "GIT_TOKEN", GIT_TOKEN,
            "ACR_TOKEN", ACR_TOKEN,
            "KUBECONFIG_B64", base64(KUBECONFIG),
            "SSH_PASSPHRASE", PASSPHRASE,
            "AZURE_CLIENT_SECRET", CLIENT_SECRET);

    Credentials credentials = read(yaml, env);

    assertThat(credentials.ids())
        .containsExactly("acr-token", "azure-sp", "deploy-key", "git", "kubeconfig");
    assertThat(credentials.require("git", UsernamePassword.class))
        .isEqualTo(new UsernamePassword("git", "bot", GIT_TOKEN));
    assertThat(credentials.require("acr-token", SecretText.class))
        .isEqualTo(new SecretText("acr-token", ACR_TOKEN));
    assertThat(credentials.require("kubeconfig", FileCredential.class))
        .isEqualTo(
            new FileCredential(
                "kubeconfig", "config", KUBECONFIG.getBytes(StandardCharsets.UTF_8)));
    assertThat(credentials.require("deploy-key", SshUserPrivateKey.class))
        .isEqualTo(new SshUserPrivateKey("deploy-key", "git", PRIVATE_KEY, PASSPHRASE));
    assertThat(credentials.require("azure-sp", AzureServicePrincipal.class))
        .isEqualTo(
            new AzureServicePrincipal(
                "azure-sp", "sub-1234", "client-5678", CLIENT_SECRET, "tenant-9abc"));
    assertThat(warnings).isEmpty();
  }

  @Test
  void everyKindListsItsSecretsAndHidesThemFromToString() throws IOException {
    Path key = privateFile("deploy_key", PRIVATE_KEY);
    Credentials credentials =
        read(
            """
            credentials:
              system:
                domainCredentials:
                  - credentials:
                      - file: {id: kubeconfig, fileName: config, secretBytes: "%s"}
                      - basicSSHUserPrivateKey:
                          id: deploy-key
                          username: git
                          passphrase: "%s"
                          privateKeySource: {directEntry: {privateKey: "${file:%s}"}}
                      - azure: {id: sp, subscriptionId: sub-1234, clientId: client-5678,
                                clientSecret: "%s", tenant: tenant-9abc}
            """
                .formatted(base64(KUBECONFIG), PASSPHRASE, key, CLIENT_SECRET),
            Map.of());

    Credential file = credentials.find("kubeconfig").orElseThrow();
    Credential ssh = credentials.find("deploy-key").orElseThrow();
    Credential azure = credentials.find("sp").orElseThrow();
    assertThat(file.secrets())
        .containsExactlyInAnyOrder(
            base64(KUBECONFIG), KUBECONFIG, "apiVersion: v1", "kind: Config", "token: kube-s3cr3t");
    assertThat(ssh.secrets())
        .contains(PRIVATE_KEY, PASSPHRASE)
        .contains("b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW")
        .doesNotContain("-----BEGIN OPENSSH PRIVATE KEY-----");
    assertThat(azure.secrets())
        .containsExactly("sub-1234", "client-5678", CLIENT_SECRET, "tenant-9abc");
    for (Credential credential : List.of(file, ssh, azure)) {
      assertThat(credential.toString()).contains("****");
      for (String secret : credential.secrets()) {
        assertThat(credential.toString()).doesNotContain(secret);
      }
    }
  }

  @Test
  void theVariablesValuesCameFromAreNamedButNotThoseThatOnlyNameAFileToRead() throws IOException {
    Path key = privateFile("keys/deploy_key", PRIVATE_KEY);
    Credentials credentials =
        read(
            credentialList(
                "- usernamePassword: {id: git, username: \"${GIT_USER}\", password:"
                    + " \"${base64:${GIT_TOKEN}}\"}",
                "- string: {id: unset, secret: \"${NOT_SET:-fallback-value}\"}",
                "- basicSSHUserPrivateKey: {id: k, username: git, privateKeySource:"
                    + " {directEntry: {privateKey: \"${readFile:${KEY_FOLDER}/deploy_key}\"}}}"),
            Map.of(
                "GIT_USER",
                "bot",
                "GIT_TOKEN",
                GIT_TOKEN,
                "KEY_FOLDER",
                key.getParent().toString(),
                "UNUSED",
                "x"));

    assertThat(credentials.sourceVariables()).containsExactlyInAnyOrder("GIT_USER", "GIT_TOKEN");
  }

  @Test
  void sshKeyWithoutPassphraseHasNone() throws IOException {
    Credentials credentials =
        read(
            credentialList(
                "- basicSSHUserPrivateKey: {id: k, username: git, privateKeySource:"
                    + " {directEntry: {privateKey: \"${KEY}\"}}}"),
            Map.of("KEY", PRIVATE_KEY));

    SshUserPrivateKey key = credentials.require("k", SshUserPrivateKey.class);

    assertThat(key.passphrase()).isNull();
    assertThat(key.secrets()).doesNotContainNull();
  }

  @Test
  void jenkinsClassNamesAreAcceptedAsKinds() throws IOException {
    Credentials credentials =
        read(
            credentialList(
                "- usernamePasswordCredentialsImpl: {id: a, username: u, password: pw-one}",
                "- stringCredentialsImpl: {id: b, secret: text-two}",
                "- azureCredentials: {id: c, subscriptionId: s, clientId: i, clientSecret: x,"
                    + " tenant: t}"),
            Map.of());

    assertThat(credentials.require("a", UsernamePassword.class).password()).isEqualTo("pw-one");
    assertThat(credentials.require("b", SecretText.class).secret()).isEqualTo("text-two");
    assertThat(credentials.require("c", AzureServicePrincipal.class).tenantId()).isEqualTo("t");
  }

  @Test
  void azureTenantComesFromTheOlderTokenEndpointWhenNotGiven() throws IOException {
    Credentials credentials =
        read(
            credentialList(
                "- azure: {id: sp, subscriptionId: s, clientId: i, clientSecret: x,"
                    + " oauth2TokenEndpoint: 'https://login.microsoftonline.com/tenant-42/oauth2'}"),
            Map.of());

    assertThat(credentials.require("sp", AzureServicePrincipal.class).tenantId())
        .isEqualTo("tenant-42");
  }

  @Test
  void systemScopedCredentialsAreLeftOutWithAWarningAsJenkinsKeepsThemFromPipelines()
      throws IOException {
    Credentials credentials =
        read(
            credentialList(
                "- string: {scope: SYSTEM, id: agent-only, secret: x1x1x1}",
                "- string: {id: for-pipelines, secret: y2y2y2}"),
            Map.of());

    assertThat(credentials.ids()).containsExactly("for-pipelines");
    assertThat(warnings).singleElement().asString().contains("agent-only", "SYSTEM", "GLOBAL");
  }

  @Test
  void unknownAttributesAreWarnedAbout() throws IOException {
    read(credentialList("- string: {id: a, secret: x1x1x1, secert: typo}"), Map.of());

    assertThat(warnings)
        .singleElement()
        .asString()
        .contains(
            "credentials file " + folder.resolve("credentials.yaml"), "credential 'a'", "secert");
  }

  // --- expansion

  @ParameterizedTest(name = "{0}")
  @MethodSource("expansions")
  void valuesAreExpandedAsJenkinsConfigurationAsCodeDoes(
      String written, Map<String, String> env, String expected) throws IOException {
    Files.writeString(folder.resolve("token.txt"), "from-a-file\n");
    Files.write(folder.resolve("binary.bin"), new byte[] {0, (byte) 0xff, 1});

    Credentials credentials =
        read(credentialList("- string: {id: s, secret: '" + written + "'}"), env);

    assertThat(credentials.require("s", SecretText.class).secret()).isEqualTo(expected);
  }

  static Stream<Arguments> expansions() {
    Map<String, String> env =
        Map.of("TOKEN", "t0ken", "EMPTY", "", "PATH_TO", "token.txt", "JSON", "{\"user\":\"me\"}");
    return Stream.of(
        Arguments.of("${TOKEN}", env, "t0ken"),
        Arguments.of("prefix-${TOKEN}-suffix", env, "prefix-t0ken-suffix"),
        Arguments.of("${MISSING:-fallback}", env, "fallback"),
        Arguments.of("${TOKEN:-fallback}", env, "t0ken"),
        Arguments.of("set-but-empty:${EMPTY:-fallback}", env, "set-but-empty:"),
        Arguments.of("${MISSING:-a:-b}", env, "a:-b"),
        Arguments.of("${MISSING:-${TOKEN}}", env, "t0ken"),
        Arguments.of("${file:token.txt}", env, "from-a-file\n"),
        Arguments.of("${readFile:${PATH_TO}}", env, "from-a-file\n"),
        Arguments.of("${trim:${readFile:token.txt}}", env, "from-a-file"),
        Arguments.of("${readFile:missing.txt:-fallback}", env, "fallback"),
        Arguments.of("${base64:HELLO WORLD}", env, "SEVMTE8gV09STEQ="),
        Arguments.of("${decodeBase64:SEVMTE8gV09STEQ=}", env, "HELLO WORLD"),
        Arguments.of("${base64:${readFile:token.txt}}", env, base64("from-a-file\n")),
        Arguments.of("${fileBase64:binary.bin}", env, "AP8B"),
        Arguments.of("${readFileBase64:binary.bin}", env, "AP8B"),
        Arguments.of("${json:user:${JSON}}", env, "me"),
        Arguments.of("^${TOKEN}", env, "${TOKEN}"),
        Arguments.of("^^${TOKEN}", env, "^${TOKEN}"),
        Arguments.of("a^b ${TOKEN", env, "a^b ${TOKEN"),
        Arguments.of("${TOKEN}", Map.of("TOKEN", "has ${INSIDE} it"), "has ${INSIDE} it"));
  }

  @Test
  void fileSecretBytesTakeTheNestedFormsOfJenkinsDemo() throws IOException {
    Path secretFile = privateFile("kube/config", KUBECONFIG);
    Credentials credentials =
        read(
            credentialList(
                "- file: {id: a, fileName: config,"
                    + " secretBytes: \"${base64:${readFile:${SECRET_FILE_PATH}}}\"}",
                "- file: {id: b, fileName: config,"
                    + " secretBytes: \"${readFileBase64:${SECRET_FILE_PATH}}\"}"),
            Map.of("SECRET_FILE_PATH", secretFile.toString()));

    byte[] expected = KUBECONFIG.getBytes(StandardCharsets.UTF_8);
    assertThat(credentials.require("a", FileCredential.class).content()).isEqualTo(expected);
    assertThat(credentials.require("b", FileCredential.class).content()).isEqualTo(expected);
  }

  // --- errors: each names what is wrong and never a secret value

  @Test
  void unknownKindNamesTheKnownKinds() {
    assertFailsNaming(
        credentialList("- aws: {id: a, accessKey: literal-s3cr3t, secretKey: literal-s3cr3t}"),
        Map.of(),
        "unknown kind 'aws'",
        "usernamePassword, string, file, basicSSHUserPrivateKey, azure");
  }

  @Test
  void missingIdIsAnError() {
    assertFailsNaming(
        credentialList("- usernamePassword: {username: bot, password: literal-s3cr3t}"),
        Map.of(),
        "usernamePassword credential at line 5",
        "'id' is missing");
  }

  @Test
  void duplicateIdIsAnError() {
    assertFailsNaming(
        credentialList(
            "- string: {id: token, secret: literal-s3cr3t}",
            "- usernamePassword: {id: token, username: u, password: literal-s3cr3t}"),
        Map.of(),
        "credential 'token'",
        "already used at line 5");
  }

  @Test
  void undefinedVariableNamesTheVariableAndTheCredential() {
    assertFailsNaming(
        credentialList("- usernamePassword: {id: git, username: bot, password: \"${GIT_TOKEN}\"}"),
        Map.of("OTHER", GIT_TOKEN),
        "credential 'git' (usernamePassword, line 5), 'password'",
        "variable GIT_TOKEN is not set");
  }

  @Test
  void unreadableFileNamesTheFile() {
    assertFailsNaming(
        credentialList(
            "- basicSSHUserPrivateKey: {id: k, username: git, passphrase: literal-s3cr3t,"
                + " privateKeySource: {directEntry: {privateKey: \"${readFile:keys/none}\"}}}"),
        Map.of(),
        "credential 'k'",
        "cannot read file " + folder.resolve("keys/none"),
        "does not exist");
  }

  @Test
  void secretEncryptedByAJenkinsControllerIsRejected() {
    assertFailsNaming(
        credentialList(
            "- string: {id: enc, secret: \"{AQAAABAAAAAQ1/JHKggxIlBcuVqegoa2AdyVaNvjWIFk430/vI4jEBM=}\"}"),
        Map.of(),
        "credential 'enc'",
        "encrypted");
  }

  @Test
  void invalidBase64InSecretBytesIsAnErrorWithoutTheValue() {
    assertFailsNaming(
        credentialList("- file: {id: f, fileName: x, secretBytes: \"${KUBE}\"}"),
        Map.of("KUBE", "kube-s3cr3t not base64!"),
        "credential 'f'",
        "not valid base64");
  }

  @Test
  void keySourceOtherThanDirectEntryIsRejectedAsJenkinsDoes() {
    assertFailsNaming(
        credentialList(
            "- basicSSHUserPrivateKey: {id: k, username: git,"
                + " privateKeySource: {fileOnMaster: {privateKeyFile: /home/key}}}"),
        Map.of(),
        "'privateKeySource' must be 'directEntry'",
        "${readFile:PATH}");
  }

  @Test
  void invalidYamlIsReportedByLineWithoutQuotingIt() {
    assertFailsNaming(
        "credentials:\n  system:\n    domainCredentials:\n"
            + "      - credentials:\n          - string: {id: a, secret: literal-s3cr3t\n",
        Map.of(),
        "is not valid YAML",
        "line");
  }

  @Test
  void missingCredentialsFileIsNamed() {
    Path missing = folder.resolve("nowhere.yaml");

    assertThatThrownBy(() -> CasCCredentialsFile.read(missing, Map.of(), warnings::add))
        .isInstanceOf(CredentialsFileException.class)
        .hasMessage("credentials file " + missing + " does not exist");
  }

  @Test
  void fileWithoutCredentialsSectionIsAnError() {
    assertFailsNaming("jenkins:\n  systemMessage: hi\n", Map.of(), "no top-level 'credentials:'");
  }

  @Test
  void unknownIdFromAPipelineListsTheKnownIdsNotTheirValues() throws IOException {
    Credentials credentials =
        read(credentialList("- string: {id: acr-token, secret: \"${ACR_TOKEN}\"}"), env());

    assertThatThrownBy(() -> credentials.require("nope", SecretText.class))
        .hasMessageContaining("known ids: [acr-token]")
        .hasMessageNotContaining(ACR_TOKEN);
  }

  // --- permissions

  @Test
  void credentialsFileThatOthersCanReadGetsAWarning() throws IOException {
    Path file = folder.resolve("credentials.yaml");
    Files.writeString(file, credentialList("- string: {id: a, secret: x1x1x1}"));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    Credentials credentials = CasCCredentialsFile.read(file, Map.of(), warnings::add);

    assertThat(credentials.ids()).containsExactly("a");
    assertThat(warnings)
        .singleElement()
        .asString()
        .contains("UNPROTECTED", "0644", file.toString(), "chmod 600");
  }

  @Test
  void keyFileThatOthersCanReadGetsAWarning() throws IOException {
    Path key = folder.resolve("deploy_key");
    Files.writeString(key, PRIVATE_KEY);
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-rw----"));

    read(
        credentialList(
            "- basicSSHUserPrivateKey: {id: k, username: git,"
                + " privateKeySource: {directEntry: {privateKey: \"${readFile:deploy_key}\"}}}"),
        Map.of());

    assertThat(warnings).singleElement().asString().contains("0660", key.toString());
  }

  // --- helpers

  private Credentials read(String yaml, Map<String, String> env) throws IOException {
    Path file = privateFile("credentials.yaml", yaml);
    return CasCCredentialsFile.read(file, env, warnings::add);
  }

  private void assertFailsNaming(String yaml, Map<String, String> env, String... fragments) {
    CredentialsFileException failure =
        catchThrowableOfType(CredentialsFileException.class, () -> read(yaml, env));

    assertThat(failure).as("expected a CredentialsFileException").isNotNull();
    assertThat(failure.getMessage()).contains(fragments);
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      for (String secret : SECRETS) {
        assertThat(cause.getMessage()).doesNotContain(secret);
      }
    }
  }

  private Path privateFile(String name, String content) throws IOException {
    Path file = folder.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  /** A file whose first credential is at line 5. */
  private static String credentialList(String... entries) {
    StringBuilder yaml =
        new StringBuilder(
            "credentials:\n  system:\n    domainCredentials:\n      - credentials:\n");
    for (String entry : entries) {
      yaml.append("          ").append(entry).append('\n');
    }
    return yaml.toString();
  }

  private static Map<String, String> env() {
    return Map.of("ACR_TOKEN", ACR_TOKEN);
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
