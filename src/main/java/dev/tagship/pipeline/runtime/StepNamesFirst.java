package dev.tagship.pipeline.runtime;

import java.util.Set;
import org.codehaus.groovy.ast.ClassCodeExpressionTransformer;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.MapExpression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.TupleExpression;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;

/**
 * Makes names that Groovy already defines on every object mean what they mean in a Jenkinsfile: a
 * bare {@code sleep 5} calls the {@code sleep} step (not Groovy's millisecond sleep, which closures
 * find first), and {@code equals expected: x, actual: y} in a {@code when} block is the condition,
 * not {@code Object.equals}.
 */
final class StepNamesFirst extends CompilationCustomizer {

  /** Step names that Groovy also defines on every object. */
  static final Set<String> SHADOWED = Set.of("sleep");

  /** What {@code equals(expected: ..., actual: ...)} is compiled to call. */
  static final String WHEN_EQUALS = "whenConditionEquals";

  StepNamesFirst() {
    super(CompilePhase.CONVERSION);
  }

  @Override
  public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
    new ClassCodeExpressionTransformer() {
      @Override
      protected SourceUnit getSourceUnit() {
        return source;
      }

      @Override
      public Expression transform(Expression expression) {
        if (expression instanceof ClosureExpression closure) {
          closure.getCode().visit(this);
          return closure;
        }
        if (expression instanceof MethodCallExpression call
            && call.isImplicitThis()
            && SHADOWED.contains(call.getMethodAsString())) {
          call.setImplicitThis(false);
        }
        if (expression instanceof MethodCallExpression call
            && call.isImplicitThis()
            && "equals".equals(call.getMethodAsString())
            && call.getArguments() instanceof TupleExpression arguments
            && arguments.getExpressions().size() == 1
            && arguments.getExpression(0) instanceof MapExpression) {
          call.setMethod(new ConstantExpression(WHEN_EQUALS));
        }
        return super.transform(expression);
      }
    }.visitClass(classNode);
  }
}
