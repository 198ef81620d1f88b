package dev.tagship.pipeline.runtime;

import groovyjarjarasm.asm.MethodTooLargeException;
import java.util.List;
import org.codehaus.groovy.ast.ASTNode;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.CompilationUnit;
import org.codehaus.groovy.control.ErrorCollector;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.messages.ExceptionMessage;
import org.codehaus.groovy.control.messages.Message;
import org.codehaus.groovy.control.messages.SimpleMessage;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.syntax.SyntaxException;

/**
 * Compiles a unit so that every way it can fail is a compilation error the user can act on: a
 * method too large for the JVM is reported at the code it came from rather than as Groovy's
 * "General error during instruction selection" with a Java stack trace, and a stack overflow in the
 * compiler is an error of the script, not of tagship.
 */
final class CompileFailures {

  private CompileFailures() {}

  static void compile(CompilationUnit unit, int phase) {
    try {
      unit.compile(phase);
    } catch (StackOverflowError e) {
      ErrorCollector errors = new ErrorCollector(unit.getConfiguration());
      errors.addErrorAndContinue(
          new SimpleMessage(
              "the Jenkinsfile is nested too deeply for Groovy's compiler (its stack overflowed);"
                  + " split long expressions and deeply nested blocks into functions",
              unit));
      throw new MultipleCompilationErrorsException(errors);
    } catch (MultipleCompilationErrorsException e) {
      throw placed(e, unit);
    }
  }

  /** {@code failure} with each method-too-large error at the line and column of its code. */
  private static CompilationFailedException placed(
      MultipleCompilationErrorsException failure, CompilationUnit unit) {
    List<? extends Message> messages = failure.getErrorCollector().getErrors();
    if (messages == null || messages.stream().noneMatch(message -> tooLarge(message) != null)) {
      return failure;
    }
    ErrorCollector errors = new ErrorCollector(unit.getConfiguration());
    for (Message message : messages) {
      MethodTooLargeException tooLarge = tooLarge(message);
      if (tooLarge == null) {
        errors.addErrorAndContinue(message);
        continue;
      }
      String text =
          "the code of this block is too large for one JVM method ("
              + tooLarge.getCodeSize()
              + " bytes of bytecode, 65535 at most); move parts of it into functions, or large"
              + " texts into files read with readFile or libraryResource";
      ASTNode code = code(unit, tooLarge);
      if (code == null || code.getLineNumber() < 1) {
        errors.addErrorAndContinue(new SimpleMessage(text, unit));
      } else {
        errors.addErrorAndContinue(
            new SyntaxErrorMessage(
                new SyntaxException(text, code.getLineNumber(), code.getColumnNumber()),
                unit.iterator().next()));
      }
    }
    return new MultipleCompilationErrorsException(errors);
  }

  private static MethodTooLargeException tooLarge(Message message) {
    if (!(message instanceof ExceptionMessage exception)) {
      return null;
    }
    for (Throwable cause = exception.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof MethodTooLargeException tooLarge) {
        return tooLarge;
      }
    }
    return null;
  }

  /** The method, or else the closure or class, whose code was too large. */
  private static ASTNode code(CompilationUnit unit, MethodTooLargeException tooLarge) {
    String className = tooLarge.getClassName().replace('/', '.');
    ClassNode owner = unit.getAST().getGeneratedInnerClass(className);
    if (owner == null) {
      owner = unit.getAST().getClass(className);
    }
    if (owner == null) {
      return null;
    }
    for (MethodNode method : owner.getMethods(tooLarge.getMethodName())) {
      if (method.getCode() != null && method.getCode().getLineNumber() > 0) {
        return method.getCode();
      }
    }
    return owner;
  }
}
