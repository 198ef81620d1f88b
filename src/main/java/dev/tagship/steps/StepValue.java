package dev.tagship.steps;

import groovy.lang.GroovyObjectSupport;
import groovy.lang.MissingPropertyException;
import java.lang.reflect.RecordComponent;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A step result as a Jenkinsfile sees it: it reads as its main value ({@code def v = tagVersion()}
 * then {@code "app:${v}"} gives the version) and has the result's other fields as properties
 * ({@code v.tag}, {@code v.changed}).
 */
public final class StepValue extends GroovyObjectSupport implements CharSequence {

  private final String text;
  private final Map<String, Object> properties;

  private StepValue(String text, Map<String, Object> properties) {
    this.text = text;
    this.properties = Collections.unmodifiableMap(properties);
  }

  /** A value that reads as {@code text} and has every component of {@code result}. */
  public static StepValue of(String text, Record result) {
    Map<String, Object> properties = new LinkedHashMap<>();
    for (RecordComponent component : result.getClass().getRecordComponents()) {
      try {
        properties.put(component.getName(), component.getAccessor().invoke(result));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot read " + component + " of a step result", e);
      }
    }
    return new StepValue(text, properties);
  }

  public Map<String, Object> asMap() {
    return properties;
  }

  @Override
  public Object getProperty(String name) {
    if (!properties.containsKey(name)) {
      throw new MissingPropertyException(
          "No property '" + name + "'; a step result has " + properties.keySet(),
          name,
          StepValue.class);
    }
    return properties.get(name);
  }

  @Override
  public void setProperty(String name, Object value) {
    throw new UnsupportedOperationException("a step result cannot be changed");
  }

  @Override
  public int length() {
    return text.length();
  }

  @Override
  public char charAt(int index) {
    return text.charAt(index);
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return text.subSequence(start, end);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof StepValue value
        && text.equals(value.text)
        && properties.equals(value.properties);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
