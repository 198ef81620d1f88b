package dev.tagship.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The contexts of a kubeconfig: which one is current, and the same kubeconfig with another one
 * current — how {@code kubectl --context} picks a cluster out of a file that names several.
 */
final class KubeconfigContexts {

  private static final YAMLMapper YAML = new YAMLMapper();

  private final Map<String, Object> config;

  private KubeconfigContexts(Map<String, Object> config) {
    this.config = config;
  }

  static KubeconfigContexts of(String kubeconfig) {
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> parsed = YAML.readValue(kubeconfig, Map.class);
      return new KubeconfigContexts(parsed == null ? new LinkedHashMap<>() : parsed);
    } catch (JsonProcessingException e) {
      throw DeployException.usage("the kubeconfig is not YAML: " + e.getOriginalMessage());
    }
  }

  /** The current context's name, or null when the kubeconfig names none. */
  String current() {
    Object current = config.get("current-context");
    return current instanceof String name && !name.isBlank() ? name : null;
  }

  /** The names of the contexts it defines, in its order. */
  List<String> names() {
    List<String> names = new ArrayList<>();
    if (config.get("contexts") instanceof List<?> contexts) {
      for (Object context : contexts) {
        if (context instanceof Map<?, ?> named && named.get("name") instanceof String name) {
          names.add(name);
        }
      }
    }
    return names;
  }

  /** The kubeconfig's text with {@code context} current. */
  String withCurrent(String context) {
    List<String> names = names();
    if (!names.contains(context)) {
      throw DeployException.usage(
          "the kubeconfig has no context '"
              + context
              + "'; "
              + (names.isEmpty()
                  ? "it defines none"
                  : "its contexts are " + String.join(", ", names)));
    }
    Map<String, Object> changed = new LinkedHashMap<>(config);
    changed.put("current-context", context);
    try {
      return YAML.writeValueAsString(changed);
    } catch (JsonProcessingException e) {
      throw DeployException.failure(
          "could not write the kubeconfig with context " + context + ": " + e.getOriginalMessage(),
          e);
    }
  }
}
