package dev.tagship.pipeline;

import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/**
 * One credential's attributes as written in the file, handed out expanded. Every error it raises
 * names the credential (by id once known) and the attribute, never the value.
 */
final class CasCAttributes {

  /** {@code hudson.util.Secret}'s encrypted form, "{" base64 "}", whose payload starts with 1. */
  private static final Pattern ENCRYPTED_SECRET = Pattern.compile("\\{([A-Za-z0-9+/]+=*)}");

  private final String kind;
  private final int line;
  private final Map<String, Node> values;
  private final CasCVariables variables;
  private String id;

  CasCAttributes(String kind, int line, Map<String, Node> values, CasCVariables variables) {
    this.kind = kind;
    this.line = line;
    this.values = values;
    this.variables = variables;
  }

  Map<String, Node> values() {
    return values;
  }

  /** The credential's id, expanded; remembered so later messages name it. */
  String id() {
    if (id == null) {
      id = required("id");
    }
    return id;
  }

  String describe() {
    return id == null
        ? "the " + kind + " credential at line " + line
        : "credential '" + id + "' (" + kind + ", line " + line + ")";
  }

  /** The attribute, expanded; fails naming it when it is missing or empty. */
  String required(String name) {
    String value = optional(name);
    if (value == null) {
      throw new CredentialsFileException(
          describe()
              + ": '"
              + name
              + "' is missing"
              + ("id".equals(name) ? "; a pipeline can only use a credential by its id" : ""));
    }
    if (value.isEmpty()) {
      throw new CredentialsFileException(describe() + ": '" + name + "' is empty");
    }
    return value;
  }

  /** The attribute, expanded, or null when the file does not give it. */
  String optional(String name) {
    return text(values.get(name), name);
  }

  /** A nested value such as {@code privateKeySource: directEntry: privateKey:}, expanded. */
  String text(Node node, String name) {
    String where = describe() + ", '" + name + "'";
    String raw = CasCYaml.scalar(node, where);
    if (raw == null) {
      return null;
    }
    if (looksEncrypted(raw)) {
      throw new CredentialsFileException(
          where
              + " is encrypted with a Jenkins controller's own key, which tagship cannot"
              + " decrypt; give it as ${VARIABLE} or ${readFile:PATH} instead");
    }
    return variables.expand(raw, where);
  }

  /** A base64 attribute such as a file credential's {@code secretBytes}, decoded. */
  byte[] requiredBase64(String name) {
    return CasCVariables.decodeBase64(required(name), describe() + ", '" + name + "'");
  }

  private static boolean looksEncrypted(String raw) {
    var matcher = ENCRYPTED_SECRET.matcher(raw);
    if (!matcher.matches()) {
      return false;
    }
    try {
      byte[] payload = Base64.getDecoder().decode(matcher.group(1));
      return payload.length > 1 && payload[0] == 1;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
