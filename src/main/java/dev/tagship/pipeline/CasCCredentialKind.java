package dev.tagship.pipeline;

import dev.tagship.steps.Credential;
import dev.tagship.steps.Credential.AzureServicePrincipal;
import dev.tagship.steps.Credential.FileCredential;
import dev.tagship.steps.Credential.SecretText;
import dev.tagship.steps.Credential.SshUserPrivateKey;
import dev.tagship.steps.Credential.UsernamePassword;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The credential kinds tagship reads from a JCasC file, under the names JCasC gives them: a
 * plugin's {@code @Symbol}, or its class name without the {@code CredentialsImpl} suffix ({@code
 * UsernamePasswordCredentialsImpl} is {@code usernamePassword}), or the whole class name
 * decapitalised. Each lists the attributes its Jenkins class accepts, so a typo is pointed out.
 */
enum CasCCredentialKind {
  USERNAME_PASSWORD(
      "usernamePassword",
      "usernamePasswordCredentialsImpl",
      "username",
      "password",
      "usernameSecret") {
    @Override
    Credential read(CasCAttributes attributes, Consumer<String> warnings) {
      return new UsernamePassword(
          attributes.id(), attributes.required("username"), attributes.required("password"));
    }
  },
  STRING("string", "stringCredentialsImpl", "secret") {
    @Override
    Credential read(CasCAttributes attributes, Consumer<String> warnings) {
      return new SecretText(attributes.id(), attributes.required("secret"));
    }
  },
  FILE("file", "fileCredentialsImpl", "fileName", "secretBytes", "file") {
    @Override
    Credential read(CasCAttributes attributes, Consumer<String> warnings) {
      String id = attributes.id();
      return new FileCredential(
          id, attributes.required("fileName"), attributes.requiredBase64("secretBytes"));
    }
  },
  BASIC_SSH_USER_PRIVATE_KEY(
      "basicSSHUserPrivateKey",
      "basicSSHUserPrivateKey",
      "username",
      "passphrase",
      "privateKeySource",
      "usernameSecret") {
    @Override
    Credential read(CasCAttributes attributes, Consumer<String> warnings) {
      String id = attributes.id();
      String username = attributes.required("username");
      String privateKey = directEntryKey(attributes);
      String passphrase = attributes.optional("passphrase");
      // Jenkins stores an empty passphrase as none.
      return new SshUserPrivateKey(
          id, username, privateKey, passphrase == null || passphrase.isEmpty() ? null : passphrase);
    }

    private String directEntryKey(CasCAttributes attributes) {
      Node source = attributes.values().get("privateKeySource");
      if (source == null) {
        throw new CredentialsFileException(
            attributes.describe() + ": 'privateKeySource: directEntry: privateKey:' is missing");
      }
      Map<String, Node> sources =
          CasCYaml.mapping(source, attributes.describe() + ", 'privateKeySource'");
      if (!sources.containsKey("directEntry")) {
        // fileOnMaster and usersPrivateKey were retired (SECURITY-440) and JCasC cannot set them.
        throw new CredentialsFileException(
            attributes.describe()
                + ": 'privateKeySource' must be 'directEntry' (given: "
                + String.join(", ", sources.keySet())
                + "); Jenkins accepts no other source. Read a key file with"
                + " 'privateKey: ${readFile:PATH}'");
      }
      Map<String, Node> directEntry =
          CasCYaml.mapping(
              sources.get("directEntry"),
              attributes.describe() + ", 'privateKeySource.directEntry'");
      String key = attributes.text(directEntry.get("privateKey"), "privateKey");
      if (key == null || key.isBlank()) {
        throw new CredentialsFileException(
            attributes.describe() + ": 'privateKeySource: directEntry: privateKey:' is empty");
      }
      return key;
    }
  },
  AZURE(
      "azure",
      "azureCredentials",
      "subscriptionId",
      "clientId",
      "clientSecret",
      "tenant",
      "azureEnvironmentName",
      "certificateId",
      "oauth2TokenEndpoint",
      "serviceManagementURL",
      "managementEndpoint",
      "authenticationEndpoint",
      "activeDirectoryEndpoint",
      "resourceManagerEndpoint",
      "graphEndpoint") {
    /** The plugin's name for the public cloud, its default. */
    private static final String PUBLIC_CLOUD = "Azure";

    /** "https://login.microsoftonline.com/TENANT/..." split at "/": the tenant's index. */
    private static final int TENANT_IN_TOKEN_ENDPOINT = 3;

    @Override
    Credential read(CasCAttributes attributes, Consumer<String> warnings) {
      String id = attributes.id();
      if (!attributes.values().containsKey("clientSecret")
          && attributes.values().containsKey("certificateId")) {
        throw new CredentialsFileException(
            attributes.describe()
                + ": signs in with a certificate ('certificateId'); tagship supports service"
                + " principals with a 'clientSecret'");
      }
      String environment = attributes.optional("azureEnvironmentName");
      if (environment != null && !environment.equals(PUBLIC_CLOUD)) {
        warnings.accept(
            attributes.describe()
                + ": azureEnvironmentName '"
                + environment
                + "' is ignored; tagship signs in to the public Azure cloud");
      }
      return new AzureServicePrincipal(
          id,
          attributes.required("subscriptionId"),
          attributes.required("clientId"),
          attributes.required("clientSecret"),
          tenant(attributes));
    }

    private String tenant(CasCAttributes attributes) {
      if (attributes.values().containsKey("tenant")
          || !attributes.values().containsKey("oauth2TokenEndpoint")) {
        return attributes.required("tenant");
      }
      // The plugin's older form: the tenant is the token endpoint's first path segment.
      String[] parts = attributes.required("oauth2TokenEndpoint").split("/");
      if (parts.length <= TENANT_IN_TOKEN_ENDPOINT || parts[TENANT_IN_TOKEN_ENDPOINT].isBlank()) {
        throw new CredentialsFileException(
            attributes.describe()
                + ": 'tenant' is missing and 'oauth2TokenEndpoint' names none"
                + " (https://login.microsoftonline.com/TENANT)");
      }
      return parts[TENANT_IN_TOKEN_ENDPOINT];
    }
  };

  /** What every credential may have besides its own attributes. */
  private static final Set<String> COMMON_ATTRIBUTES = Set.of("scope", "id", "description");

  private final String symbol;
  private final String className;
  private final Set<String> attributes;

  CasCCredentialKind(String symbol, String className, String... attributes) {
    this.symbol = symbol;
    this.className = className;
    this.attributes = Set.of(attributes);
  }

  String symbol() {
    return symbol;
  }

  /** The tagship credential these attributes describe. */
  abstract Credential read(CasCAttributes attributes, Consumer<String> warnings);

  /** The attributes that neither this kind nor JCasC knows. */
  Set<String> unknownAttributes(Set<String> given) {
    return given.stream()
        .filter(name -> !COMMON_ATTRIBUTES.contains(name) && !attributes.contains(name))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  static Optional<CasCCredentialKind> named(String name) {
    return Arrays.stream(values())
        .filter(kind -> kind.symbol.equals(name) || kind.className.equals(name))
        .findFirst();
  }

  static String knownNames() {
    return Stream.of(values()).map(CasCCredentialKind::symbol).collect(Collectors.joining(", "));
  }
}
