package dev.tagship.pipeline.dsl;

import dev.tagship.pipeline.model.InputDefinition;
import dev.tagship.pipeline.model.ParameterDefinition;
import groovy.lang.Closure;
import java.util.List;

/** The block of a stage's {@code input { ... }} directive. */
final class InputBuilder extends SectionBuilder {

  private String message;
  private String id;
  private String ok;
  private String submitter;
  private String submitterParameter;
  private List<ParameterDefinition> parameters = List.of();

  static InputDefinition read(Object[] args) {
    InputBuilder builder = new InputBuilder();
    read(closureArgument("input", args), builder);
    if (builder.message == null) {
      throw new DeclarativeException(JenkinsMessages.missingInputMessage());
    }
    return new InputDefinition(
        builder.message,
        builder.id,
        builder.ok,
        builder.submitter,
        builder.submitterParameter,
        builder.parameters);
  }

  public Object message(Object value) {
    message = text(value);
    return CHAINED;
  }

  public Object id(Object value) {
    id = text(value);
    return CHAINED;
  }

  public Object ok(Object value) {
    ok = text(value);
    return CHAINED;
  }

  public Object submitter(Object value) {
    submitter = text(value);
    return CHAINED;
  }

  public Object submitterParameter(Object value) {
    submitterParameter = text(value);
    return CHAINED;
  }

  public Object parameters(Closure<?> body) {
    parameters = ParametersBuilder.read(body);
    return CHAINED;
  }

  @Override
  String unknown(String name) {
    return "Not a valid field for input: \"" + name + "\"";
  }
}
