package dev.tagship.pipeline.runtime;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The environment tagship was started with, split in two: what a run's steps and pipeline code see,
 * and the settings only tagship's own steps read (their sign-in). A Jenkins agent never sees the
 * controller's environment; here one process is both, so the controller's part is held back.
 *
 * <p>Held back: tagship's own secret variables ({@link #TAGSHIP_SECRETS}) and every variable the
 * credentials file read a value from. The sign-in variables go to tagship's steps as settings; the
 * others are dropped, since no step reads them. A run that needs a secret binds it with {@code
 * withCredentials}, which may use the same names (as the {@code vars/} adapters do for Jenkins).
 *
 * @param pipeline what {@code env}, {@code sh} and every process of the run see
 * @param tagshipSettings what tagship's own steps read besides {@code pipeline}
 */
public record RunEnvironment(Map<String, String> pipeline, Map<String, String> tagshipSettings) {

  /**
   * Sign-in settings of tagship's steps. The user names go with their passwords: they belong to the
   * host's accounts, and a run has no use for one without the other. The git credential-store file
   * is where the host keeps its git passwords: a run has no business being told where.
   */
  public static final Set<String> SIGN_IN =
      Set.of(
          "TAGSHIP_REGISTRY_USERNAME",
          "TAGSHIP_REGISTRY_PASSWORD",
          "TAGSHIP_GIT_USERNAME",
          "TAGSHIP_GIT_PASSWORD",
          "TAGSHIP_GIT_CREDENTIALS_FILE",
          "TAGSHIP_KUBE_TOKEN");

  /**
   * Every tagship variable a run must not see: the sign-in settings, the dashboard's sign-in token,
   * and where the credentials file is (Jenkins' agents do not see the controller's credentials
   * store; a run gets its credentials by id).
   */
  public static final Set<String> TAGSHIP_SECRETS =
      union(SIGN_IN, Set.of("TAGSHIP_UI_TOKEN", "TAGSHIP_CREDENTIALS"));

  /**
   * The variables whose values are secrets, masked in every run's log: a step can still read them
   * where tagship itself holds them (its parent's {@code /proc/PID/environ}).
   */
  public static final Set<String> SECRET_VALUES =
      Set.of(
          "TAGSHIP_REGISTRY_PASSWORD",
          "TAGSHIP_GIT_PASSWORD",
          "TAGSHIP_KUBE_TOKEN",
          "TAGSHIP_UI_TOKEN");

  public RunEnvironment {
    pipeline = Map.copyOf(pipeline);
    tagshipSettings = Map.copyOf(tagshipSettings);
  }

  /**
   * Splits {@code host}.
   *
   * @param credentialVariables the variables the credentials file read values from
   * @param settings settings for tagship's steps given apart from the environment (the sandbox's)
   */
  public static RunEnvironment split(
      Map<String, String> host, Set<String> credentialVariables, Map<String, String> settings) {
    Map<String, String> pipeline = new LinkedHashMap<>();
    Map<String, String> tagship = new LinkedHashMap<>();
    host.forEach(
        (name, value) -> {
          if (SIGN_IN.contains(name) || credentialVariables.contains(name)) {
            // a credential variable may also be read by a step's own sign-in (AZURE_CLIENT_SECRET)
            tagship.put(name, value);
          } else if (!TAGSHIP_SECRETS.contains(name)) {
            pipeline.put(name, value);
          }
        });
    tagship.putAll(settings);
    return new RunEnvironment(pipeline, tagship);
  }

  /** The values of {@link #SECRET_VALUES} in {@code host}, for the log to mask. */
  public static List<String> secretValues(Map<String, String> host) {
    return SECRET_VALUES.stream()
        .map(host::get)
        .filter(value -> value != null && !value.isBlank())
        .toList();
  }

  private static Set<String> union(Set<String> first, Set<String> second) {
    java.util.Set<String> all = new java.util.HashSet<>(first);
    all.addAll(second);
    return Set.copyOf(all);
  }
}
