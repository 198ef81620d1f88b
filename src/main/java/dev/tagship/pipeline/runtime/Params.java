package dev.tagship.pipeline.runtime;

import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code params} global: the build's parameter values, read-only to the Jenkinsfile as in
 * Jenkins ({@code params.X = v} fails).
 */
public final class Params extends AbstractMap<String, Object> {

  private volatile Map<String, Object> values = Map.of();

  void define(Map<String, Object> defined) {
    values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(defined));
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return values.entrySet();
  }

  @Override
  public Object get(Object key) {
    return values.get(key);
  }

  @Override
  public boolean containsKey(Object key) {
    return values.containsKey(key);
  }

  @Override
  public Object put(String key, Object value) {
    throw new UnsupportedOperationException(
        "params are read-only; set env." + key + " or a variable instead");
  }
}
