package dev.tagship.pipeline.runtime;

import dev.tagship.pipeline.dsl.DeclarativeException;
import dev.tagship.pipeline.dsl.JenkinsMessages;
import groovy.lang.Closure;
import groovy.lang.GroovyObjectSupport;
import groovy.lang.MissingPropertyException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Evaluates an {@code environment} block when its stage starts: {@code NAME = value} in order, a
 * value may use the ones before it (as {@code NAME} or {@code env.NAME}), and {@code
 * credentials('id')} binds a credential.
 */
final class EnvironmentBlock extends GroovyObjectSupport {

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** A variable whose value is the credential with this id. */
  record CredentialReference(String id) {}

  private final PipelineRun run;
  private final Map<String, Object> values = new LinkedHashMap<>();

  private EnvironmentBlock(PipelineRun run) {
    this.run = run;
  }

  /** The variables, in order: strings, or {@link CredentialReference}s. */
  static Map<String, Object> evaluate(Closure<?> block, PipelineRun run) {
    EnvironmentBlock builder = new EnvironmentBlock(run);
    Closure<?> copy = (Closure<?>) block.clone();
    copy.setResolveStrategy(Closure.DELEGATE_FIRST);
    copy.setDelegate(builder);
    copy.call();
    return builder.values;
  }

  public CredentialReference credentials(Object id) {
    return new CredentialReference(String.valueOf(id));
  }

  @Override
  public void setProperty(String name, Object value) {
    if (!IDENTIFIER.matcher(name).matches()) {
      throw new DeclarativeException(JenkinsMessages.invalidEnvIdentifier(name));
    }
    if (values.containsKey(name)) {
      throw new DeclarativeException(JenkinsMessages.duplicateEnvVar(name));
    }
    if (value == null) {
      throw new AbortException("One or more variables have some issues with their values: " + name);
    }
    values.put(name, value instanceof CredentialReference ? value : value.toString());
  }

  @Override
  public Object getProperty(String name) {
    if ("env".equals(name)) {
      return new EarlierValuesFirst();
    }
    Object value = values.get(name);
    if (value instanceof String) {
      return value;
    }
    throw new MissingPropertyException(name, EnvironmentBlock.class);
  }

  /** {@code env} inside the block, where the block's earlier variables are already visible. */
  private final class EarlierValuesFirst extends GroovyObjectSupport {
    @Override
    public Object getProperty(String name) {
      Object value = values.get(name);
      return value instanceof String ? value : run.env().get(name);
    }
  }
}
