package dev.tagship.pipeline;

import dev.tagship.steps.Credential;
import dev.tagship.steps.Credentials;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads the credentials of a Jenkins Configuration as Code (JCasC) file, the format Jenkins teams
 * already keep, so one file serves a real Jenkins and {@code tagship run}:
 *
 * <pre>
 * credentials:
 *   system:
 *     domainCredentials:
 *       - credentials:
 *           - usernamePassword: {scope: GLOBAL, id: git, username: bot, password: "${GIT_TOKEN}"}
 * </pre>
 *
 * <p>Kinds: {@code usernamePassword}, {@code string}, {@code file}, {@code basicSSHUserPrivateKey}
 * and the Azure Credentials plugin's {@code azure} service principal. Values are expanded as JCasC
 * does (see {@link CasCVariables}). Credentials in every domain are read, as Jenkins hands any of
 * them to a pipeline by id; {@code SYSTEM}-scoped ones are left out with a warning, as Jenkins
 * keeps them from pipelines. Other top-level sections (a whole {@code jenkins.yaml}) are ignored.
 */
public final class CasCCredentialsFile {

  private static final String SYSTEM_SCOPE = "SYSTEM";
  private static final Set<String> SCOPES = Set.of("GLOBAL", SYSTEM_SCOPE);

  private CasCCredentialsFile() {}

  /**
   * The credentials in {@code file}.
   *
   * @param env the variables {@code ${VAR}} refers to; those read for a value (not for a path to
   *     read) are named by {@link Credentials#sourceVariables()}, so a run can withhold them
   * @param warnings told of things that work but should be fixed, such as a file that other users
   *     can read
   * @throws CredentialsFileException naming the credential and field, never a secret value
   */
  public static Credentials read(Path file, Map<String, String> env, Consumer<String> warnings) {
    SecretFilePermissions.warningFor(file).ifPresent(warnings);
    Path folder = file.toAbsolutePath().getParent();
    CasCVariables variables =
        new CasCVariables(
            env, folder, read -> SecretFilePermissions.warningFor(read).ifPresent(warnings));
    Node root = parse(file);
    String prefix = "credentials file " + file + ": ";
    try {
      List<Credential> credentials =
          credentialsIn(root, variables, warning -> warnings.accept(prefix + warning));
      return Credentials.of(credentials, variables.variablesRead());
    } catch (CredentialsFileException e) {
      throw new CredentialsFileException(prefix + e.getMessage());
    }
  }

  private static Node parse(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new CredentialsFileException("credentials file " + file + " does not exist");
    } catch (AccessDeniedException e) {
      throw new CredentialsFileException(
          "cannot read credentials file " + file + ": permission denied");
    } catch (IOException e) {
      throw new CredentialsFileException(
          "cannot read credentials file " + file + ": " + e.getClass().getSimpleName());
    }
    try {
      Node root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
      if (root == null) {
        throw new CredentialsFileException("credentials file " + file + " is empty");
      }
      return root;
    } catch (MarkedYAMLException e) {
      // SnakeYAML's own message quotes the offending line, which may hold a secret.
      Mark mark = e.getProblemMark();
      throw new CredentialsFileException(
          "credentials file "
              + file
              + " is not valid YAML: "
              + e.getProblem()
              + (mark == null
                  ? ""
                  : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1)));
    } catch (YAMLException e) {
      throw new CredentialsFileException(
          "credentials file " + file + " is not valid YAML: " + e.getClass().getSimpleName());
    }
  }

  private static List<Credential> credentialsIn(
      Node root, CasCVariables variables, Consumer<String> warnings) {
    Map<String, Node> top = CasCYaml.mapping(root, "the file");
    if (!top.containsKey("credentials")) {
      throw new CredentialsFileException(
          "has no top-level 'credentials:'; JCasC keeps them under"
              + " credentials: system: domainCredentials: - credentials:");
    }
    Map<String, Node> credentialsSection = CasCYaml.mapping(top.get("credentials"), "credentials");
    warnAboutOthers(credentialsSection, Set.of("system"), "credentials", warnings);
    Map<String, Node> system =
        CasCYaml.mapping(credentialsSection.get("system"), "credentials.system");
    warnAboutOthers(system, Set.of("domainCredentials"), "credentials.system", warnings);

    List<Credential> credentials = new ArrayList<>();
    Map<String, Integer> lineById = new HashMap<>();
    for (Node domainNode :
        CasCYaml.sequence(system.get("domainCredentials"), "domainCredentials")) {
      Map<String, Node> domain = CasCYaml.mapping(domainNode, "a domainCredentials entry");
      warnAboutOthers(
          domain, Set.of("domain", "credentials"), "a domainCredentials entry", warnings);
      for (Node entry : CasCYaml.sequence(domain.get("credentials"), "credentials")) {
        credentialAt(entry, variables, lineById, warnings).ifPresent(credentials::add);
      }
    }
    return credentials;
  }

  /** The credential {@code entry} describes, or none when a pipeline may not use it. */
  private static Optional<Credential> credentialAt(
      Node entry,
      CasCVariables variables,
      Map<String, Integer> lineById,
      Consumer<String> warnings) {
    int line = CasCYaml.line(entry);
    Map<String, Node> wrapper = CasCYaml.mapping(entry, "the credential at line " + line);
    CasCCredentialKind kind = kindOf(wrapper, line);
    Map<String, Node> values =
        CasCYaml.mapping(wrapper.values().iterator().next(), kind.symbol() + " credential");
    CasCAttributes attributes = new CasCAttributes(kind.symbol(), line, values, variables);
    String id = attributes.id();
    Integer earlier = lineById.putIfAbsent(id, line);
    if (earlier != null) {
      throw new CredentialsFileException(
          attributes.describe() + ": id '" + id + "' is already used at line " + earlier);
    }
    warnAboutUnknown(kind, attributes, warnings);
    String scope = attributes.optional("scope");
    if (scope != null && !SCOPES.contains(scope)) {
      throw new CredentialsFileException(
          attributes.describe() + ": scope must be GLOBAL or SYSTEM, not '" + scope + "'");
    }
    if (SYSTEM_SCOPE.equals(scope)) {
      warnings.accept(
          attributes.describe()
              + " is left out: its scope is SYSTEM, which Jenkins keeps from pipelines;"
              + " give it scope GLOBAL to use it in one");
      return Optional.empty();
    }
    return Optional.of(kind.read(attributes, warnings));
  }

  private static CasCCredentialKind kindOf(Map<String, Node> wrapper, int line) {
    if (wrapper.size() != 1) {
      throw new CredentialsFileException(
          "the credential at line "
              + line
              + " must name exactly one kind (such as usernamePassword:), not "
              + wrapper.size());
    }
    String name = wrapper.keySet().iterator().next();
    return CasCCredentialKind.named(name)
        .orElseThrow(
            () ->
                new CredentialsFileException(
                    "the credential at line "
                        + line
                        + " is of unknown kind '"
                        + name
                        + "'; tagship knows "
                        + CasCCredentialKind.knownNames()));
  }

  private static void warnAboutUnknown(
      CasCCredentialKind kind, CasCAttributes attributes, Consumer<String> warnings) {
    Set<String> unknown = kind.unknownAttributes(attributes.values().keySet());
    if (!unknown.isEmpty()) {
      warnings.accept(
          attributes.describe()
              + " has attributes that tagship ignores and Jenkins rejects: "
              + String.join(", ", unknown));
    }
  }

  private static void warnAboutOthers(
      Map<String, Node> section, Set<String> read, String where, Consumer<String> warnings) {
    for (String key : section.keySet()) {
      if (!read.contains(key)) {
        warnings.accept(where + "." + key + " is ignored: tagship reads only " + read);
      }
    }
  }
}
