package dev.tagship.steps;

import java.util.List;

/**
 * A credential a pipeline can use by id, as Jenkins' credentials store holds them. Kinds are added
 * as steps need them; each names the secret values the log must mask.
 */
public interface Credential {

  String id();

  /** Every secret value in this credential, so the log can mask them. */
  List<String> secrets();

  /** A user name with a password or access token ({@code usernamePassword} in Jenkins). */
  record UsernamePassword(String id, String username, String password) implements Credential {
    @Override
    public List<String> secrets() {
      return List.of(password);
    }

    @Override
    public String toString() {
      return "UsernamePassword[id=" + id + ", username=" + username + ", password=****]";
    }
  }

  /** A single secret string ({@code string} / "secret text" in Jenkins). */
  record SecretText(String id, String secret) implements Credential {
    @Override
    public List<String> secrets() {
      return List.of(secret);
    }

    @Override
    public String toString() {
      return "SecretText[id=" + id + ", secret=****]";
    }
  }
}
