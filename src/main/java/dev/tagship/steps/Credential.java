package dev.tagship.steps;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * A credential a pipeline can use by id, as Jenkins' credentials store holds them. Kinds are added
 * as steps need them; each names the secret values the log must mask.
 */
public interface Credential {

  String id();

  /**
   * Every secret value this credential can yield, in the forms a log may show it, so the log can
   * mask them: every run masks these for every configured credential, bound or not.
   */
  List<String> secrets();

  /** A user name with a password or access token ({@code usernamePassword} in Jenkins). */
  record UsernamePassword(String id, String username, String password) implements Credential {
    /** The password, and the {@code user:password} that usernameColonPassword yields. */
    @Override
    public List<String> secrets() {
      return List.of(password, username + ":" + password);
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

  /**
   * A secret file ({@code file} in Jenkins): what {@code withCredentials([file(...)])} writes to a
   * temporary file. The content is copied in and out, so the record stays immutable.
   */
  record FileCredential(String id, String fileName, byte[] content) implements Credential {

    /** Larger files are certificates stores and archives, not text a step prints. */
    private static final int MAX_MASKED_TEXT_BYTES = 64 * 1024;

    public FileCredential {
      content = content.clone();
    }

    @Override
    public byte[] content() {
      return content.clone();
    }

    /**
     * The content as base64 (what a binary file looks like in a log), and for a small text file its
     * text and each of its lines, since a log is masked line by line.
     */
    @Override
    public List<String> secrets() {
      List<String> secrets = new ArrayList<>();
      secrets.add(Base64.getEncoder().encodeToString(content));
      if (content.length > MAX_MASKED_TEXT_BYTES) {
        return List.copyOf(secrets);
      }
      String text = textOf(content);
      if (text != null) {
        secrets.add(text);
        for (String line : text.split("\\R")) {
          if (!line.isBlank()) {
            secrets.add(line.strip());
          }
        }
      }
      return List.copyOf(secrets);
    }

    /** The content as UTF-8 text, or null when it is not text (invalid UTF-8 or a NUL byte). */
    private static String textOf(byte[] content) {
      try {
        String text =
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(content))
                .toString();
        return text.indexOf('\0') >= 0 ? null : text;
      } catch (CharacterCodingException e) {
        return null;
      }
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof FileCredential that
          && id.equals(that.id)
          && fileName.equals(that.fileName)
          && Arrays.equals(content, that.content);
    }

    @Override
    public int hashCode() {
      return Objects.hash(id, fileName, Arrays.hashCode(content));
    }

    @Override
    public String toString() {
      return "FileCredential[id=" + id + ", fileName=" + fileName + ", content=****]";
    }
  }

  /**
   * A user name with an SSH private key ({@code basicSSHUserPrivateKey} in Jenkins); {@code
   * passphrase} is null when the key has none.
   */
  record SshUserPrivateKey(String id, String username, String privateKey, String passphrase)
      implements Credential {

    /** Base64 lines shorter than this are too likely to occur in ordinary log text. */
    private static final int MIN_MASKED_KEY_LINE = 16;

    @Override
    public List<String> secrets() {
      List<String> secrets = new ArrayList<>();
      secrets.add(privateKey);
      // A log is masked line by line, so a multi-line key printed to it would never match whole.
      for (String line : privateKey.split("\\R")) {
        String trimmed = line.strip();
        if (trimmed.length() >= MIN_MASKED_KEY_LINE && !trimmed.startsWith("-----")) {
          secrets.add(trimmed);
        }
      }
      if (passphrase != null) {
        secrets.add(passphrase);
      }
      return List.copyOf(secrets);
    }

    @Override
    public String toString() {
      return "SshUserPrivateKey[id="
          + id
          + ", username="
          + username
          + ", privateKey=****, passphrase="
          + (passphrase == null ? "(none)" : "****")
          + "]";
    }
  }

  /**
   * An Azure service principal with a client secret (the Azure Credentials plugin's {@code azure}
   * credential, bound by {@code azureServicePrincipal}).
   */
  record AzureServicePrincipal(
      String id, String subscriptionId, String clientId, String clientSecret, String tenantId)
      implements Credential {

    /** All four, as the plugin's binding masks all four: ids tell an attacker where to aim. */
    @Override
    public List<String> secrets() {
      return List.of(subscriptionId, clientId, clientSecret, tenantId);
    }

    @Override
    public String toString() {
      return "AzureServicePrincipal[id="
          + id
          + ", subscriptionId=****, clientId=****, clientSecret=****, tenantId=****]";
    }
  }
}
