package dev.tagship.pipeline;

import dev.tagship.pipeline.model.ParameterDefinition;
import dev.tagship.pipeline.model.ParameterDefinition.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.codehaus.groovy.ast.ASTNode;
import org.codehaus.groovy.ast.CodeVisitorSupport;
import org.codehaus.groovy.ast.ModuleNode;
import org.codehaus.groovy.ast.expr.ArgumentListExpression;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.ListExpression;
import org.codehaus.groovy.ast.expr.MapEntryExpression;
import org.codehaus.groovy.ast.expr.MapExpression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.TupleExpression;
import org.codehaus.groovy.ast.stmt.BlockStatement;
import org.codehaus.groovy.ast.stmt.ExpressionStatement;
import org.codehaus.groovy.ast.stmt.Statement;
import org.codehaus.groovy.control.CompilationUnit;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.Phases;

/**
 * A Jenkinsfile's parameters and stage names, read from its syntax tree: Groovy 4 parses it to the
 * CONVERSION phase (source to tree; no class is resolved or generated, no global AST transform such
 * as {@code @Grab} runs), and nothing of it is executed. Reads the declarative {@code parameters {
 * }} and {@code stages { }} of {@code pipeline { }}, or else a scripted {@code
 * properties([parameters([...])])} and the outermost {@code stage('...')} calls.
 *
 * <p>A literal default is a value; any other default (a variable, {@code env.BRANCH_NAME}, {@code
 * "${X}"}) is kept as its source text, which the run evaluates.
 */
final class SyntaxTreeDeclarations {

  private final String text;
  private final List<String> lines;

  private SyntaxTreeDeclarations(String text) {
    this.text = text;
    this.lines = List.of(text.split("\n", -1));
  }

  /**
   * @throws org.codehaus.groovy.control.CompilationFailedException when the text does not parse
   * @throws InvalidDeclaration when a parameter cannot be read
   */
  static PipelineDescription read(String text) {
    return new SyntaxTreeDeclarations(text).read();
  }

  private PipelineDescription read() {
    ModuleNode module = DeepStack.call("tagship-describe", () -> parse(text));
    List<Statement> topLevel = module.getStatementBlock().getStatements();
    MethodCallExpression pipeline = call(topLevel, "pipeline");
    if (pipeline != null) {
      List<Statement> sections = block(pipeline);
      MethodCallExpression parameters = call(sections, "parameters");
      List<ParameterDefinition> definitions =
          parameters == null ? scriptedParameters(module) : parameters(calls(block(parameters)));
      MethodCallExpression stages = call(sections, "stages");
      List<String> names = new ArrayList<>();
      if (stages != null) {
        for (MethodCallExpression stage : calls(block(stages))) {
          if (stage.getMethodAsString() != null && stage.getMethodAsString().equals("stage")) {
            names.add(stageName(stage));
          }
        }
      }
      return new PipelineDescription(definitions, names);
    }
    return new PipelineDescription(scriptedParameters(module), scriptedStages(module));
  }

  private static ModuleNode parse(String text) {
    CompilerConfiguration config = new CompilerConfiguration();
    config.setDisabledGlobalASTTransformations(
        GlobalTransforms.namesIn(SyntaxTreeDeclarations.class.getClassLoader()));
    CompilationUnit unit = new CompilationUnit(config);
    JenkinsfileLimits.guard(unit, text);
    unit.addSource(JenkinsGrammar.JENKINSFILE_SCRIPT_NAME, text);
    try {
      unit.compile(Phases.CONVERSION);
    } catch (StackOverflowError e) {
      throw new InvalidDeclaration(
          "it is nested too deeply for Groovy's parser (its stack overflowed)");
    }
    return unit.getAST().getModules().get(0);
  }

  /** {@code properties([parameters([...])])} anywhere in a script, or none. */
  private List<ParameterDefinition> scriptedParameters(ModuleNode module) {
    List<MethodCallExpression> found = new ArrayList<>();
    module
        .getStatementBlock()
        .visit(
            new CodeVisitorSupport() {
              @Override
              public void visitMethodCallExpression(MethodCallExpression call) {
                if (found.isEmpty()
                    && call.isImplicitThis()
                    && "properties".equals(call.getMethodAsString())
                    && positional(call).size() == 1
                    && positional(call).get(0) instanceof ListExpression properties) {
                  for (Expression property : properties.getExpressions()) {
                    if (property instanceof MethodCallExpression declared
                        && "parameters".equals(declared.getMethodAsString())
                        && positional(declared).size() == 1
                        && positional(declared).get(0) instanceof ListExpression list) {
                      for (Expression parameter : list.getExpressions()) {
                        if (!(parameter instanceof MethodCallExpression parameterCall)) {
                          throw invalid(
                              parameter, "a parameter such as string(name: 'X') is expected");
                        }
                        found.add(parameterCall);
                      }
                    }
                  }
                }
                super.visitMethodCallExpression(call);
              }
            });
    return parameters(found);
  }

  /** The outermost {@code stage('name')} calls of a scripted pipeline, in order. */
  private List<String> scriptedStages(ModuleNode module) {
    List<String> names = new ArrayList<>();
    module
        .getStatementBlock()
        .visit(
            new CodeVisitorSupport() {
              private int insideStage;

              @Override
              public void visitMethodCallExpression(MethodCallExpression call) {
                boolean stage = call.isImplicitThis() && "stage".equals(call.getMethodAsString());
                if (stage && insideStage == 0) {
                  names.add(stageName(call));
                }
                insideStage += stage ? 1 : 0;
                super.visitMethodCallExpression(call);
                insideStage -= stage ? 1 : 0;
              }
            });
    return names;
  }

  private List<ParameterDefinition> parameters(List<MethodCallExpression> calls) {
    List<ParameterDefinition> definitions = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (MethodCallExpression call : calls) {
      ParameterDefinition definition = parameter(call);
      if (!names.add(definition.name())) {
        throw invalid(call, "Duplicate parameter name: \"" + definition.name() + "\"");
      }
      definitions.add(definition);
    }
    return definitions;
  }

  private ParameterDefinition parameter(MethodCallExpression call) {
    String symbol = call.getMethodAsString();
    Type type =
        Type.ofSymbol(symbol)
            .orElseThrow(
                () ->
                    invalid(
                        call,
                        "Invalid parameter type \""
                            + symbol
                            + "\". Valid parameter types: "
                            + Type.symbols()));
    Map<String, Expression> named = named(call);
    Expression nameExpression = named.get("name");
    if (!(nameExpression instanceof ConstantExpression constantName)
        || !(constantName.getValue() instanceof String name)
        || name.isBlank()) {
      throw invalid(
          nameExpression == null ? call : nameExpression,
          nameExpression == null
              ? "Missing required parameter: \"name\""
              : "a parameter's name must be a literal string, e.g. name: 'TARGET'");
    }
    String description = named.containsKey("description") ? shown(named.get("description")) : null;
    boolean trim =
        named.get("trim") instanceof ConstantExpression constantTrim
            && Boolean.TRUE.equals(constantTrim.getValue());
    if (type == Type.CHOICE) {
      return choice(call, name, description, named.get("choices"));
    }
    Expression defaultValue = named.get("defaultValue");
    if (defaultValue != null && !(defaultValue instanceof ConstantExpression)) {
      return new ParameterDefinition(
          type, name, null, description, List.of(), trim, source(defaultValue));
    }
    Object literal = defaultValue == null ? null : ((ConstantExpression) defaultValue).getValue();
    Object value =
        type == Type.BOOLEAN
            ? Boolean.valueOf(String.valueOf(literal))
            : literal == null ? "" : String.valueOf(literal);
    return new ParameterDefinition(type, name, value, description, List.of(), trim);
  }

  private ParameterDefinition choice(
      MethodCallExpression call, String name, String description, Expression choices) {
    List<String> literal = null;
    if (choices instanceof ListExpression list
        && list.getExpressions().stream().allMatch(ConstantExpression.class::isInstance)) {
      literal =
          list.getExpressions().stream()
              .map(each -> String.valueOf(((ConstantExpression) each).getValue()))
              .toList();
    } else if (choices instanceof ConstantExpression constant && constant.getValue() != null) {
      literal =
          Arrays.stream(String.valueOf(constant.getValue()).split("\n"))
              .filter(choice -> !choice.isEmpty())
              .toList();
    }
    if (literal == null && choices != null) {
      return new ParameterDefinition(
          Type.CHOICE, name, null, description, List.of(), false, source(choices));
    }
    if (literal == null || literal.isEmpty()) {
      throw invalid(
          call, "choice parameter \"" + name + "\" needs choices, e.g. choices: ['a', 'b']");
    }
    return new ParameterDefinition(Type.CHOICE, name, literal.get(0), description, literal, false);
  }

  private String stageName(MethodCallExpression stage) {
    List<Expression> arguments = positional(stage);
    Expression name = named(stage).get("name");
    if (name == null && !arguments.isEmpty()) {
      name = arguments.get(0);
    }
    if (name == null) {
      throw invalid(stage, "a stage needs a name, e.g. stage('Build')");
    }
    return shown(name);
  }

  /** A literal as its value, anything else as its source text. */
  private String shown(Expression expression) {
    if (expression instanceof ConstantExpression constant) {
      return String.valueOf(constant.getValue());
    }
    return source(expression);
  }

  /** The text of the Jenkinsfile an expression was parsed from. */
  private String source(Expression expression) {
    int firstLine = expression.getLineNumber();
    int lastLine = expression.getLastLineNumber();
    if (firstLine < 1 || lastLine < firstLine || lastLine > lines.size()) {
      return expression.getText();
    }
    StringBuilder source = new StringBuilder();
    for (int line = firstLine; line <= lastLine; line++) {
      String text = lines.get(line - 1);
      int from = line == firstLine ? expression.getColumnNumber() - 1 : 0;
      int to = line == lastLine ? expression.getLastColumnNumber() - 1 : text.length();
      if (from < 0 || to > text.length() || from > to) {
        return expression.getText();
      }
      source.append(text, from, to);
      if (line < lastLine) {
        source.append('\n');
      }
    }
    return source.toString();
  }

  private static MethodCallExpression call(List<Statement> statements, String name) {
    return calls(statements).stream()
        .filter(call -> name.equals(call.getMethodAsString()))
        .findFirst()
        .orElse(null);
  }

  /** The method calls on the implicit {@code this} among {@code statements}: DSL sections. */
  private static List<MethodCallExpression> calls(List<Statement> statements) {
    List<MethodCallExpression> calls = new ArrayList<>();
    for (Statement statement : statements) {
      if (statement instanceof ExpressionStatement expression
          && expression.getExpression() instanceof MethodCallExpression call
          && call.isImplicitThis()) {
        calls.add(call);
      } else if (statement instanceof BlockStatement block) {
        calls.addAll(calls(block.getStatements()));
      }
    }
    return calls;
  }

  /** The statements of a section's closure, e.g. of {@code parameters { ... }}. */
  private static List<Statement> block(MethodCallExpression section) {
    List<Expression> arguments = positional(section);
    if (!arguments.isEmpty()
        && arguments.get(arguments.size() - 1) instanceof ClosureExpression closure
        && closure.getCode() instanceof BlockStatement block) {
      return block.getStatements();
    }
    return List.of();
  }

  private static List<Expression> positional(MethodCallExpression call) {
    if (call.getArguments() instanceof ArgumentListExpression list) {
      return list.getExpressions().stream().filter(e -> !(e instanceof MapExpression)).toList();
    }
    if (call.getArguments() instanceof TupleExpression tuple) {
      return tuple.getExpressions().stream().filter(e -> !(e instanceof MapExpression)).toList();
    }
    return List.of();
  }

  /** The named arguments of a call, {@code string(name: 'X', defaultValue: 'y')}. */
  private static Map<String, Expression> named(MethodCallExpression call) {
    Map<String, Expression> named = new LinkedHashMap<>();
    if (call.getArguments() instanceof TupleExpression tuple) {
      for (Expression argument : tuple.getExpressions()) {
        if (argument instanceof MapExpression map) {
          for (MapEntryExpression entry : map.getMapEntryExpressions()) {
            if (entry.getKeyExpression() instanceof ConstantExpression key) {
              named.put(String.valueOf(key.getValue()), entry.getValueExpression());
            }
          }
        }
      }
    }
    return named;
  }

  private static InvalidDeclaration invalid(ASTNode node, String message) {
    if (node.getLineNumber() < 1) {
      return new InvalidDeclaration(message);
    }
    return new InvalidDeclaration(
        "WorkflowScript: "
            + node.getLineNumber()
            + ": "
            + message
            + " @ line "
            + node.getLineNumber()
            + ", column "
            + node.getColumnNumber()
            + ".");
  }

  /** A declaration that cannot be read; the message says where and why. */
  static final class InvalidDeclaration extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidDeclaration(String message) {
      super(message);
    }
  }
}
