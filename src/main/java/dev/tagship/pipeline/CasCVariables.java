package dev.tagship.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Expands Jenkins Configuration as Code's variables in a value, as its {@code SecretSourceResolver}
 * does: {@code ${VAR}}, {@code ${VAR:-default}}, the helpers {@code base64}, {@code decodeBase64},
 * {@code readFile} ({@code file}), {@code readFileBase64} ({@code fileBase64}), {@code trim} and
 * {@code json}, nested forms such as {@code ${base64:${readFile:${PATH}}}}, and {@code ^${...}} for
 * a literal {@code ${...}}.
 *
 * <p>Two deliberate differences, both in JCasC's "strict secret resolution" spirit: a variable with
 * no value and no default is an error rather than an empty string, and a value that came from the
 * environment or a file is used as it is, where JCasC would expand {@code ${...}} inside it again
 * and so mangle a secret that happens to contain one. Variables come from {@code env} only (no
 * Docker secrets or Vault); relative paths are relative to the credentials file's folder.
 */
final class CasCVariables {

  private static final String START = "${";
  private static final String ESCAPED_START = "^${";
  private static final char END = '}';
  private static final String DEFAULT_SEPARATOR = ":-";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The helpers whose argument is a file's path rather than a secret. */
  private static final Set<String> PATH_HELPERS =
      Set.of("file", "readfile", "filebase64", "readfilebase64");

  private final Map<String, String> env;
  private final Path baseDirectory;
  private final Consumer<Path> fileRead;
  private final Set<String> variablesRead = new LinkedHashSet<>();

  /** How many {@code readFile}-style paths are being expanded around the current variable. */
  private int inPath;

  /**
   * @param fileRead told of every file a {@code readFile} helper reads, so its permissions can be
   *     checked like the credentials file's own
   */
  CasCVariables(Map<String, String> env, Path baseDirectory, Consumer<Path> fileRead) {
    this.env = Map.copyOf(env);
    this.baseDirectory = baseDirectory;
    this.fileRead = fileRead;
  }

  /**
   * The variables whose values went into what was expanded so far: a run must not see them. A
   * variable that only names a file to read ({@code ${readFile:${DIR}/key}}) is left out: its value
   * is a path, not a secret.
   */
  Set<String> variablesRead() {
    return Set.copyOf(variablesRead);
  }

  /**
   * {@code text} with its variables expanded; {@code where} names the credential and field for
   * error messages.
   */
  String expand(String text, String where) {
    if (!text.contains(START)) {
      return text;
    }
    StringBuilder expanded = new StringBuilder(text.length());
    int position = 0;
    while (position < text.length()) {
      if (text.startsWith(ESCAPED_START, position)) {
        expanded.append(START);
        position += ESCAPED_START.length();
      } else if (text.startsWith(START, position)) {
        int end = matchingEnd(text, position + START.length());
        if (end < 0) {
          // JCasC leaves an unterminated ${ as it is.
          expanded.append(text, position, text.length());
          break;
        }
        expanded.append(resolve(text.substring(position + START.length(), end), where));
        position = end + 1;
      } else {
        expanded.append(text.charAt(position));
        position++;
      }
    }
    return expanded.toString();
  }

  private String resolve(String expression, String where) {
    int separator = topLevelIndexOf(expression, DEFAULT_SEPARATOR);
    String rawName = separator < 0 ? expression : expression.substring(0, separator);
    Supplier<String> fallback =
        separator < 0
            ? null
            : () -> expand(expression.substring(separator + DEFAULT_SEPARATOR.length()), where);
    boolean path = namesAFile(rawName);
    if (path) {
      inPath++;
    }
    String name;
    try {
      name = expand(rawName, where);
    } finally {
      if (path) {
        inPath--;
      }
    }

    int colon = name.indexOf(':');
    if (colon >= 0) {
      String helper = name.substring(0, colon).toLowerCase(Locale.ROOT);
      String argument = name.substring(colon + 1);
      HelperResult result = applyHelper(helper, argument, rawName, where);
      if (result != null) {
        if (result.value() != null) {
          return result.value();
        }
        if (fallback != null) {
          return fallback.get();
        }
        throw new CredentialsFileException(where + ": " + result.failure());
      }
    }
    String value = env.get(name);
    if (value != null) {
      if (inPath == 0) {
        variablesRead.add(name);
      }
      return value;
    }
    if (fallback != null) {
      return fallback.get();
    }
    if (name.isBlank()) {
      throw new CredentialsFileException(where + ": ${" + rawName + "} names no variable");
    }
    // The raw name, not the expanded one: an expanded name may itself come from a secret.
    throw new CredentialsFileException(
        where
            + ": variable "
            + rawName
            + " is not set (${"
            + rawName
            + ":-value} would give a default)");
  }

  private static boolean namesAFile(String rawName) {
    int colon = rawName.indexOf(':');
    return colon > 0 && PATH_HELPERS.contains(rawName.substring(0, colon).toLowerCase(Locale.ROOT));
  }

  /** Null when {@code helper} is not one of JCasC's, so the whole name is an ordinary variable. */
  private HelperResult applyHelper(String helper, String argument, String rawName, String where) {
    switch (helper) {
      case "base64":
        return HelperResult.of(
            Base64.getEncoder().encodeToString(argument.getBytes(StandardCharsets.UTF_8)));
      case "decodebase64":
        return HelperResult.of(new String(decodeBase64(argument, where), StandardCharsets.UTF_8));
      case "file":
      case "readfile":
        return readFile(argument, bytes -> new String(bytes, StandardCharsets.UTF_8));
      case "filebase64":
      case "readfilebase64":
        return readFile(argument, bytes -> Base64.getEncoder().encodeToString(bytes));
      case "trim":
        return HelperResult.of(argument.stripTrailing());
      case "json":
        return HelperResult.of(jsonField(argument, where));
      case "sysprop":
        throw new CredentialsFileException(
            where
                + ": ${"
                + rawName
                + "} reads a Java system property of the Jenkins controller, which tagship does"
                + " not have; use an environment variable");
      default:
        return null;
    }
  }

  private HelperResult readFile(String argument, Function<byte[], String> form) {
    Path file;
    try {
      file = baseDirectory.resolve(argument);
    } catch (InvalidPathException e) {
      return HelperResult.failed("'" + argument + "' is not a file path");
    }
    try {
      byte[] bytes = Files.readAllBytes(file);
      fileRead.accept(file);
      return HelperResult.of(form.apply(bytes));
    } catch (NoSuchFileException e) {
      return HelperResult.failed("cannot read file " + file + ": it does not exist");
    } catch (AccessDeniedException e) {
      return HelperResult.failed("cannot read file " + file + ": permission denied");
    } catch (IOException e) {
      return HelperResult.failed(
          "cannot read file " + file + ": " + e.getClass().getSimpleName() + " " + e.getMessage());
    }
  }

  static byte[] decodeBase64(String text, String where) {
    try {
      // YAML block scalars may fold a long base64 value over several lines.
      return Base64.getDecoder().decode(text.replaceAll("\\s", ""));
    } catch (IllegalArgumentException e) {
      throw new CredentialsFileException(where + ": the value is not valid base64");
    }
  }

  private static String jsonField(String argument, String where) {
    int colon = argument.indexOf(':');
    if (colon < 0) {
      throw new CredentialsFileException(where + ": ${json:KEY:JSON} needs a key and a JSON text");
    }
    String key = argument.substring(0, colon);
    JsonNode root;
    try {
      root = JSON.readTree(argument.substring(colon + 1));
    } catch (JsonProcessingException e) {
      throw new CredentialsFileException(where + ": ${json:" + key + ":...} is given no JSON");
    }
    JsonNode field = root == null ? null : root.get(key);
    if (field == null || field.isNull()) {
      throw new CredentialsFileException(
          where + ": ${json:" + key + ":...}: the JSON has no key '" + key + "'");
    }
    return field.isValueNode() ? field.asText() : field.toString();
  }

  /** The index of the {@code }} that closes a {@code ${} opened just before {@code from}. */
  private static int matchingEnd(String text, int from) {
    int depth = 0;
    for (int i = from; i < text.length(); i++) {
      if (text.startsWith(START, i)) {
        depth++;
        i++;
      } else if (text.charAt(i) == END) {
        if (depth == 0) {
          return i;
        }
        depth--;
      }
    }
    return -1;
  }

  /** {@code token}'s first index outside any nested {@code ${...}}, or -1. */
  private static int topLevelIndexOf(String text, String token) {
    int depth = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.startsWith(START, i)) {
        depth++;
        i++;
      } else if (text.charAt(i) == END && depth > 0) {
        depth--;
      } else if (depth == 0 && text.startsWith(token, i)) {
        return i;
      }
    }
    return -1;
  }

  /** A helper's value, or why it has none (JCasC then falls back to the default). */
  private record HelperResult(String value, String failure) {
    static HelperResult of(String value) {
      return new HelperResult(value, null);
    }

    static HelperResult failed(String failure) {
      return new HelperResult(null, failure);
    }
  }
}
