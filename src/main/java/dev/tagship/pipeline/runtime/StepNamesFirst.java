package dev.tagship.pipeline.runtime;

import java.util.Set;
import org.codehaus.groovy.ast.ClassCodeExpressionTransformer;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.classgen.GeneratedClass;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;

/**
 * Makes a bare {@code sleep 5} in a Jenkinsfile call the {@code sleep} step, as on Jenkins, rather
 * than the method Groovy adds to every object (milliseconds, and found first inside closures): such
 * calls are compiled as calls on the script itself.
 */
final class StepNamesFirst extends CompilationCustomizer {

  /** Step names that Groovy also defines on every object. */
  static final Set<String> SHADOWED = Set.of("sleep");

  StepNamesFirst() {
    super(CompilePhase.CONVERSION);
  }

  @Override
  public void call(SourceUnit source, GeneratedClass context, ClassNode classNode) {
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
        return super.transform(expression);
      }
    }.visitClass(classNode);
  }
}
