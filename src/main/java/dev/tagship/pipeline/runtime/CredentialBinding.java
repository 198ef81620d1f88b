package dev.tagship.pipeline.runtime;

import dev.tagship.steps.Credential;
import dev.tagship.steps.Credentials;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns credentials into the variables a block sees, as Jenkins' credentials binding does, and
 * lists the values the log must mask from then on.
 */
public final class CredentialBinding {

  /** The variables of a binding, the secret values among them, and files to delete after. */
  public record Bound(Map<String, String> variables, List<String> secrets, List<Path> files) {}

  private final Credentials credentials;

  public CredentialBinding(Credentials credentials) {
    this.credentials = credentials;
  }

  /** {@code NAME = credentials('id')} in an {@code environment} block. */
  Bound environment(String name, String id) {
    Credential credential = find(id);
    Map<String, String> variables = new LinkedHashMap<>();
    if (credential instanceof Credential.UsernamePassword up) {
      variables.put(name, up.username() + ":" + up.password());
      variables.put(name + "_USR", up.username());
      variables.put(name + "_PSW", up.password());
    } else if (credential instanceof Credential.SecretText text) {
      variables.put(name, text.secret());
    } else {
      throw new AbortException(
          "credentials('"
              + id
              + "') in environment takes a username/password or secret text credential; '"
              + id
              + "' is a "
              + credential.getClass().getSimpleName());
    }
    List<String> secrets = new ArrayList<>(credential.secrets());
    secrets.add(variables.get(name));
    return new Bound(variables, secrets, List.of());
  }

  /** One entry of {@code withCredentials([...])}. */
  public Bound binding(Describable binding) {
    String id = required(binding, "credentialsId");
    Map<String, String> variables = new LinkedHashMap<>();
    switch (binding.symbol()) {
      case "usernamePassword" -> {
        Credential.UsernamePassword up = credentials.require(id, Credential.UsernamePassword.class);
        putIfNamed(variables, binding.string("usernameVariable"), up.username());
        variables.put(required(binding, "passwordVariable"), up.password());
      }
      case "usernameColonPassword" -> {
        Credential.UsernamePassword up = credentials.require(id, Credential.UsernamePassword.class);
        variables.put(required(binding, "variable"), up.username() + ":" + up.password());
      }
      case "string" -> {
        Credential.SecretText text = credentials.require(id, Credential.SecretText.class);
        variables.put(required(binding, "variable"), text.secret());
      }
      default ->
          throw new AbortException(
              "withCredentials cannot bind '"
                  + binding.symbol()
                  + "'; use usernamePassword, usernameColonPassword or string");
    }
    List<String> secrets = new ArrayList<>(find(id).secrets());
    if ("usernameColonPassword".equals(binding.symbol())) {
      secrets.addAll(variables.values());
    }
    return new Bound(variables, secrets, List.of());
  }

  private Credential find(String id) {
    return credentials.require(id, Credential.class);
  }

  private static void putIfNamed(Map<String, String> variables, String name, String value) {
    if (name != null) {
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
