package dev.tagship.steps;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The credentials a pipeline run may use, by id, and the environment variables they were read from
 * (which a run must never see). Immutable.
 */
public final class Credentials {

  private static final Credentials NONE = new Credentials(Map.of(), Set.of(), List.of());

  private final Map<String, Credential> byId;
  private final Set<String> sourceVariables;
  private final List<String> maskedOnly;

  private Credentials(
      Map<String, Credential> byId, Set<String> sourceVariables, List<String> maskedOnly) {
    this.byId = byId;
    this.sourceVariables = sourceVariables;
    this.maskedOnly = maskedOnly;
  }

  public static Credentials none() {
    return NONE;
  }

  public static Credentials of(Collection<? extends Credential> credentials) {
    return of(credentials, Set.of());
  }

  /**
   * @param sourceVariables the environment variables whose values went into {@code credentials}
   */
  public static Credentials of(
      Collection<? extends Credential> credentials, Set<String> sourceVariables) {
    Map<String, Credential> byId = new LinkedHashMap<>();
    for (Credential credential : credentials) {
      if (byId.put(credential.id(), credential) != null) {
        throw new IllegalArgumentException(
            "credential id '" + credential.id() + "' is given twice");
      }
    }
    return new Credentials(Map.copyOf(byId), Set.copyOf(sourceVariables), List.of());
  }

  /**
   * These credentials, and {@code secrets} that no step may use but every log masks: the sign-in
   * tokens of the dashboard that started the run, which its code could read from their file.
   */
  public Credentials alsoMasking(Collection<String> secrets) {
    List<String> masked = new ArrayList<>(maskedOnly);
    masked.addAll(secrets);
    return new Credentials(byId, sourceVariables, List.copyOf(masked));
  }

  /**
   * The environment variables these credentials were read from: a run withholds them from its
   * steps, as a Jenkins agent never sees the controller's environment.
   */
  public Set<String> sourceVariables() {
    return sourceVariables;
  }

  /** Every secret value of every credential, for the log to mask whether a run binds it or not. */
  public List<String> allSecrets() {
    List<String> secrets = new ArrayList<>();
    byId.values().forEach(credential -> secrets.addAll(credential.secrets()));
    secrets.addAll(maskedOnly);
    return secrets;
  }

  public Optional<Credential> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /**
   * The credential {@code id} of kind {@code type}; fails naming the known ids (never values) when
   * there is none, or naming the kind when it is another.
   */
  public <C extends Credential> C require(String id, Class<C> type) {
    Credential credential = byId.get(id);
    if (credential == null) {
      throw new StepException(
          "Could not find credentials entry with ID '"
              + id
              + "'; known ids: "
              + (byId.isEmpty() ? "(none)" : ids()));
    }
    if (!type.isInstance(credential)) {
      throw new StepException(
          "credential '"
              + id
              + "' is a "
              + credential.getClass().getSimpleName()
              + " credential, but a "
              + type.getSimpleName()
              + " credential is needed here");
    }
    return type.cast(credential);
  }

  public Set<String> ids() {
    return new TreeSet<>(byId.keySet());
  }
}
