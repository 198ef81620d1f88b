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

  public void message(Object value) {
    message = text(value);
  }

  public void id(Object value) {
    id = text(value);
  }

  public void ok(Object value) {
    ok = text(value);
  }

  public void submitter(Object value) {
    submitter = text(value);
  }

  public void submitterParameter(Object value) {
    submitterParameter = text(value);
  }

  public void parameters(Closure<?> body) {
    parameters = ParametersBuilder.read(body);
  }

  @Override
  String unknown(String name) {
    return "Not a valid field for input: \"" + name + "\"";
  }
}
