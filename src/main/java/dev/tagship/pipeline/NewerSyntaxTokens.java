package dev.tagship.pipeline;

import dev.tagship.pipeline.JenkinsGrammar.SyntaxError;
import java.io.Reader;
import java.io.StringReader;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds Groovy 3+ forms that Groovy 2.4's parser lets through with another meaning, so that Jenkins
 * fails on them only later: {@code a === b} and {@code a !== b} fail its class generation ("General
 * error during class generation"), and {@code var x = 1} calls a method named {@code var}. Works on
 * Groovy 2.4's own tokens, so strings, comments and regular expressions are never mistaken for
 * code.
 */
final class NewerSyntaxTokens {

  private final Constructor<?> newLexer;
  private final Method plumb;
  private final Method nextToken;
  private final Method type;
  private final Method text;
  private final Method line;
  private final Method column;
  private final int endOfFile;
  private final int identical;
  private final int notIdentical;
  private final int identifier;
  private final List<Integer> statementStarts;

  NewerSyntaxTokens(ClassLoader groovy24) throws ReflectiveOperationException {
    Class<?> lexer = Class.forName("org.codehaus.groovy.antlr.parser.GroovyLexer", true, groovy24);
    Class<?> tokenTypes =
        Class.forName("org.codehaus.groovy.antlr.parser.GroovyTokenTypes", true, groovy24);
    Class<?> token = Class.forName("groovyjarjarantlr.Token", true, groovy24);
    newLexer = lexer.getConstructor(Reader.class);
    // The plumbed stream is what the parser reads: it ends a GString after each ${...} part.
    plumb = lexer.getMethod("plumb");
    nextToken =
        Class.forName("groovyjarjarantlr.TokenStream", true, groovy24).getMethod("nextToken");
    type = token.getMethod("getType");
    text = token.getMethod("getText");
    line = token.getMethod("getLine");
    column = token.getMethod("getColumn");
    endOfFile = token.getField("EOF_TYPE").getInt(null);
    identical = tokenTypes.getField("IDENTICAL").getInt(null);
    notIdentical = tokenTypes.getField("NOT_IDENTICAL").getInt(null);
    identifier = tokenTypes.getField("IDENT").getInt(null);
    statementStarts =
        List.of(
            tokenTypes.getField("NLS").getInt(null),
            tokenTypes.getField("SEMI").getInt(null),
            tokenTypes.getField("LCURLY").getInt(null));
  }

  /** The forms found in a script that Groovy 2.4 has parsed without error. */
  List<SyntaxError> find(String scriptText, String scriptName) throws ReflectiveOperationException {
    Object tokens = plumb.invoke(newLexer.newInstance(new StringReader(scriptText)));
    List<SyntaxError> found = new ArrayList<>();
    int typeBeforePrevious = statementStarts.get(0); // the file starts a statement
    Object previous = null;
    while (true) {
      Object token;
      try {
        token = nextToken.invoke(tokens);
      } catch (InvocationTargetException e) {
        return found; // the parser accepted the script, so this cannot happen; report what we have
      }
      int tokenType = (Integer) type.invoke(token);
      if (tokenType == endOfFile) {
        return List.copyOf(found);
      }
      if (tokenType == identical || tokenType == notIdentical) {
        String operator = (String) text.invoke(token);
        String instead = tokenType == identical ? "a.is(b)" : "!a.is(b)";
        found.add(
            error(
                scriptName,
                token,
                "'"
                    + operator
                    + "' is not an operator in Jenkins' Groovy 2.4 (it fails there with"
                    + " \"General error during class generation\"); use "
                    + instead));
      } else if (tokenType == identifier
          && previous != null
          && isVarKeyword(previous)
          && statementStarts.contains(typeBeforePrevious)) {
        found.add(
            error(
                scriptName,
                previous,
                "'var' is not a keyword in Jenkins' Groovy 2.4 (there 'var "
                    + text.invoke(token)
                    + "' calls a method named var); declare with 'def'"));
      }
      if (previous != null) {
        typeBeforePrevious = (Integer) type.invoke(previous);
      }
      previous = token;
    }
  }

  private boolean isVarKeyword(Object token) throws ReflectiveOperationException {
    return (Integer) type.invoke(token) == identifier && "var".equals(text.invoke(token));
  }

  private SyntaxError error(String scriptName, Object token, String message)
      throws ReflectiveOperationException {
    int tokenLine = (Integer) line.invoke(token);
    int tokenColumn = (Integer) column.invoke(token);
    // Groovy's own form, so these read like the parser's errors.
    return new SyntaxError(
        scriptName,
        tokenLine,
        tokenColumn,
        message + " @ line " + tokenLine + ", column " + tokenColumn + ".");
  }
}
