package dev.tagship.pipeline.runtime;

import dev.tagship.core.TempFolders;
import dev.tagship.steps.Credential;
import dev.tagship.steps.Credentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns credentials into the variables a block sees, as Jenkins' credentials binding does (file and
 * key credentials become temporary files readable by the owner only), and lists the values the log
 * must mask from then on.
 */
public final class CredentialBinding {

  /** The variables of a binding, the secret values among them, and files to delete after. */
  public record Bound(Map<String, String> variables, List<String> secrets, List<Path> files) {

    /**
     * The variables that hold a secret (not a user name or a file's path): Jenkins' sensitive
     * variables, which the Groovy interpolation warning looks for.
     */
    public Set<String> sensitiveVariables() {
      Set<String> names = new HashSet<>();
      variables.forEach(
          (name, value) -> {
            if (secrets.contains(value)) {
              names.add(name);
            }
          });
      return names;
    }

    /** Deletes the binding's temporary files. */
    public void delete() throws IOException {
      for (Path file : files) {
        Files.deleteIfExists(file);
        Files.deleteIfExists(file.getParent());
      }
    }
  }

  private final Credentials credentials;

  public CredentialBinding(Credentials credentials) {
    this.credentials = credentials;
  }

  /** {@code NAME = credentials('id')} in an {@code environment} block. */
  Bound environment(String name, String id) throws IOException {
    Credential credential = credentials.require(id, Credential.class);
    Map<String, String> variables = new LinkedHashMap<>();
    List<String> secrets = new ArrayList<>(credential.secrets());
    List<Path> files = new ArrayList<>();
    if (credential instanceof Credential.UsernamePassword up) {
      variables.put(name, up.username() + ":" + up.password());
      variables.put(name + "_USR", up.username());
      variables.put(name + "_PSW", up.password());
      secrets.add(variables.get(name));
    } else if (credential instanceof Credential.SecretText text) {
      variables.put(name, text.secret());
    } else if (credential instanceof Credential.FileCredential file) {
      variables.put(name, secretFile(file.fileName(), file.content(), files));
    } else if (credential instanceof Credential.SshUserPrivateKey key) {
      variables.put(name, secretFile("key", keyBytes(key), files));
      variables.put(name + "_USR", key.username());
      if (key.passphrase() != null) {
        variables.put(name + "_PSW", key.passphrase());
      }
    } else {
      throw new AbortException(
          "credentials('"
              + id
              + "') in environment takes a username/password, secret text, file or SSH key"
              + " credential; bind '"
              + id
              + "' with withCredentials instead");
    }
    return new Bound(variables, secrets, files);
  }

  /** One entry of {@code withCredentials([...])}. */
  public Bound binding(Describable binding) throws IOException {
    String id = required(binding, "credentialsId");
    Map<String, String> variables = new LinkedHashMap<>();
    List<Path> files = new ArrayList<>();
    List<String> secrets = new ArrayList<>();
    switch (binding.symbol()) {
      case "usernamePassword" -> {
        var up = credentials.require(id, Credential.UsernamePassword.class);
        putIfNamed(variables, binding.string("usernameVariable"), up.username());
        variables.put(required(binding, "passwordVariable"), up.password());
      }
      case "usernameColonPassword" -> {
        var up = credentials.require(id, Credential.UsernamePassword.class);
        String joined = up.username() + ":" + up.password();
        variables.put(required(binding, "variable"), joined);
        secrets.add(joined);
      }
      case "string" ->
          variables.put(
              required(binding, "variable"),
              credentials.require(id, Credential.SecretText.class).secret());
      case "file" -> {
        var file = credentials.require(id, Credential.FileCredential.class);
        variables.put(
            required(binding, "variable"), secretFile(file.fileName(), file.content(), files));
      }
      case "sshUserPrivateKey" -> {
        var key = credentials.require(id, Credential.SshUserPrivateKey.class);
        variables.put(
            required(binding, "keyFileVariable"), secretFile("key", keyBytes(key), files));
        putIfNamed(variables, binding.string("usernameVariable"), key.username());
        putIfNamed(variables, binding.string("passphraseVariable"), key.passphrase());
      }
      case "azureServicePrincipal" -> {
        var principal = credentials.require(id, Credential.AzureServicePrincipal.class);
        variables.put(
            named(binding, "subscriptionIdVariable", "AZURE_SUBSCRIPTION_ID"),
            principal.subscriptionId());
        variables.put(named(binding, "clientIdVariable", "AZURE_CLIENT_ID"), principal.clientId());
        variables.put(
            named(binding, "clientSecretVariable", "AZURE_CLIENT_SECRET"),
            principal.clientSecret());
        variables.put(named(binding, "tenantIdVariable", "AZURE_TENANT_ID"), principal.tenantId());
      }
      default ->
          throw new AbortException(
              "withCredentials cannot bind '"
                  + binding.symbol()
                  + "'; use usernamePassword, usernameColonPassword, string, file,"
                  + " sshUserPrivateKey or azureServicePrincipal");
    }
    secrets.addAll(credentials.require(id, Credential.class).secrets());
    return new Bound(variables, secrets, files);
  }

  private static byte[] keyBytes(Credential.SshUserPrivateKey key) {
    String text = key.privateKey().endsWith("\n") ? key.privateKey() : key.privateKey() + "\n";
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A file only the owner can read, in a folder only the owner can enter, deleted after the block.
   */
  private static String secretFile(String name, byte[] content, List<Path> files)
      throws IOException {
    // in the process's own temporary folder: swept with it if tagship is killed inside the block
    Path folder = TempFolders.create("secret-");
    String safeName =
        name == null || name.isBlank() ? "secret" : Path.of(name).getFileName().toString();
    Path file =
        Files.createFile(
            folder.resolve(safeName),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    files.add(file);
    Files.write(file, content);
    return file.toString();
  }

  private static String named(Describable binding, String key, String otherwise) {
    String name = binding.string(key);
    return name == null ? otherwise : name;
  }

  private static void putIfNamed(Map<String, String> variables, String name, String value) {
    if (name != null && value != null) {
      variables.put(name, value);
    }
  }

  private static String required(Describable binding, String key) {
    String value = binding.string(key);
    if (value == null) {
      throw new AbortException(binding.symbol() + ": missing required parameter \"" + key + "\"");
    }
    return value;
  }
}
