package dev.tagship.pipeline.runtime;

import groovy.lang.GroovyObjectSupport;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The {@code env} global: {@code env.X} reads the innermost {@code withEnv}/{@code environment}
 * value, else the build's variables; {@code env.X = v} sets a build variable, stored as a string,
 * which blocks' own values still win over — Jenkins' rules.
 */
public final class EnvVars extends GroovyObjectSupport {

  private final Map<String, String> build = new ConcurrentHashMap<>();
  private final Supplier<Frame> frame;

  EnvVars(Map<String, String> initial, Supplier<Frame> frame) {
    build.putAll(initial);
    this.frame = frame;
  }

  public String get(String name) {
    Frame current = frame.get();
    if (current != null && current.overlay().containsKey(name)) {
      return current.overlay().get(name);
    }
    return build.get(name);
  }

  public void set(String name, Object value) {
    if (value == null) {
      build.remove(name);
    } else {
      build.put(name, value.toString());
    }
  }

  /** Everything a process started now would see. */
  public Map<String, String> effective() {
    Map<String, String> all = new LinkedHashMap<>(build);
    Frame current = frame.get();
    if (current != null) {
      all.putAll(current.overlay());
    }
    return all;
  }

  @Override
  public Object getProperty(String name) {
    if ("environment".equals(name)) {
      return getEnvironment();
    }
    return get(name);
  }

  @Override
  public void setProperty(String name, Object value) {
    set(name, value);
  }

  public Object getAt(String name) {
    return get(name);
  }

  public void putAt(String name, Object value) {
    set(name, value);
  }

  /** {@code env.getEnvironment()}: a sorted copy, as Jenkins' EnvVars is. */
  public Map<String, String> getEnvironment() {
    return new TreeMap<>(effective());
  }

  @Override
  public String toString() {
    return "env";
  }
}
