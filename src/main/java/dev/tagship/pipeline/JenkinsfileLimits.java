package dev.tagship.pipeline;

import groovyjarjarantlr4.v4.runtime.CharStreams;
import groovyjarjarantlr4.v4.runtime.Token;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.apache.groovy.parser.antlr4.GroovyLangLexer;
import org.apache.groovy.parser.antlr4.GroovyLexer;
import org.apache.groovy.parser.antlr4.GroovySyntaxError;
import org.codehaus.groovy.control.CompilationUnit;
import org.codehaus.groovy.control.Phases;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.syntax.SyntaxException;

/**
 * The bounds tagship puts on a Jenkinsfile before any parser reads it, found on Groovy's own tokens
 * (so strings and comments never count), each reported at the line and column where it is passed:
 *
 * <ul>
 *   <li>at most {@value #MAX_NESTING} levels of braces, brackets and parentheses: Groovy 4's parser
 *       slows down steeply with depth (200 nested stages took 9 s to parse, 1,000 did not finish in
 *       a minute) and every parser recurses once per level. 100 levels hold 45 nested stages.
 *   <li>at most {@value #MAX_INTERPOLATIONS} {@code ${}} values in one string: Groovy 4 builds a
 *       string's parts in time quadratic in their number (250,000 took a minute), and a string of
 *       more than a few thousand could never compile anyway (a JVM method holds 64 KB of code).
 *   <li>at most {@value #MAX_LINE_TOKENS} tokens on one line: a long flat expression (50,000 casts,
 *       100,000 chained closure calls, 200,000 additions, generics 10,000 deep) recurses in the
 *       parsers as deep as nesting does without nesting anything, and took minutes; no line a
 *       person writes comes near the bound.
 *   <li>at most {@value #MAX_TOKENS} tokens in all: the same expressions spread over many lines
 *       (200,000 additions, one a line, took 12 s to be refused); the largest real Jenkinsfiles,
 *       thousands of lines, hold a few tens of thousands.
 * </ul>
 *
 * Lexing is linear and does not recurse, so this check itself cannot hang or overflow.
 */
public final class JenkinsfileLimits {

  public static final int MAX_NESTING = 100;
  public static final int MAX_INTERPOLATIONS = 1000;
  public static final int MAX_LINE_TOKENS = 5000;
  public static final int MAX_TOKENS = 100_000;

  private JenkinsfileLimits() {}

  /** Where {@code text} first passes a bound, or empty; a text Groovy cannot lex is left alone. */
  public static Optional<Violation> check(String text) {
    GroovyLangLexer lexer;
    try {
      lexer = new GroovyLangLexer(CharStreams.fromString(text));
    } catch (RuntimeException | GroovySyntaxError e) {
      return Optional.empty();
    }
    lexer.removeErrorListeners();
    int depth = 0;
    int line = 0;
    int tokensOnLine = 0;
    int tokens = 0;
    Token lineStart = null;
    Deque<Interpolated> strings = new ArrayDeque<>(); // the GStrings open at this token
    try {
      for (Token token = lexer.nextToken();
          token.getType() != Token.EOF;
          token = lexer.nextToken()) {
        if (token.getChannel() != Token.DEFAULT_CHANNEL || token.getType() == GroovyLexer.NL) {
          continue;
        }
        if (++tokens > MAX_TOKENS) {
          return Optional.of(
              at(
                  token,
                  "more than "
                      + MAX_TOKENS
                      + " tokens in the file, which tagship refuses (a Jenkinsfile of thousands of"
                      + " lines holds a few tens of thousands); move code into a shared library"
                      + " and data into files read with readFile"));
        }
        if (token.getLine() != line) {
          line = token.getLine();
          lineStart = token;
          tokensOnLine = 0;
        }
        if (++tokensOnLine > MAX_LINE_TOKENS) {
          return Optional.of(
              at(
                  lineStart,
                  "a line of more than "
                      + MAX_LINE_TOKENS
                      + " tokens, which tagship refuses (Groovy's parsers recurse once per part of"
                      + " a long expression, and take minutes over one); split the expression, or"
                      + " build it in a loop"));
        }
        switch (token.getType()) {
          case GroovyLexer.LPAREN,
              GroovyLexer.LBRACE,
              GroovyLexer.LBRACK,
              GroovyLexer.SAFE_INDEX -> {
            if (++depth > MAX_NESTING) {
              return Optional.of(
                  at(
                      token,
                      "nesting deeper than "
                          + MAX_NESTING
                          + " levels of braces, brackets and parentheses, which tagship refuses"
                          + " (Groovy's parser slows down steeply with depth); move nested stages"
                          + " up a level or the code into functions"));
            }
          }
          case GroovyLexer.RPAREN, GroovyLexer.RBRACE, GroovyLexer.RBRACK ->
              depth = Math.max(0, depth - 1);
          case GroovyLexer.GStringBegin -> strings.push(new Interpolated(token));
          case GroovyLexer.GStringPart -> {
            if (!strings.isEmpty() && ++strings.peek().values > MAX_INTERPOLATIONS) {
              return Optional.of(
                  at(
                      strings.peek().begin,
                      "a string with more than "
                          + MAX_INTERPOLATIONS
                          + " ${} values, which tagship refuses (Groovy compiles them in"
                          + " quadratic time, into one method of at most 64 KB); build the text"
                          + " in parts, or read it from a file with readFile"));
            }
          }
          case GroovyLexer.GStringEnd -> strings.poll();
          default -> {}
        }
      }
    } catch (RuntimeException | GroovySyntaxError e) {
      // a lexing error (Groovy throws it as an AssertionError): the parser reports it, in place
    }
    return Optional.empty();
  }

  /**
   * Makes {@code unit} check the bounds before it parses, so a passed bound is a syntax error of
   * the script like any other, with its line and column.
   */
  public static void guard(CompilationUnit unit, String text) {
    unit.addPhaseOperation(
        source ->
            check(text)
                .ifPresent(
                    violation ->
                        source
                            .getErrorCollector()
                            .addFatalError(
                                new SyntaxErrorMessage(
                                    new SyntaxException(
                                        violation.message(), violation.line(), violation.column()),
                                    source))),
        Phases.INITIALIZATION);
  }

  private static Violation at(Token token, String message) {
    return new Violation(token.getLine(), token.getCharPositionInLine() + 1, message);
  }

  /** A GString being lexed: where it starts, and how many values it has so far. */
  private static final class Interpolated {
    final Token begin;
    int values = 1;

    Interpolated(Token begin) {
      this.begin = begin;
    }
  }

  /** A bound passed at {@code line}, {@code column} (both 1-based). */
  public record Violation(int line, int column, String message) {}
}
