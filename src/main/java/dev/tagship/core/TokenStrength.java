package dev.tagship.core;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a token tagship accepts as a password of its own (the dashboard's sign-in tokens) is
 * strong enough to stand in for one: at least {@value #MINIMUM_BITS} bits by estimate, and no
 * single repeated character or short repeated pattern.
 *
 * <p>The estimate is {@code length × log2(alphabet)}, where the alphabet is the union of the
 * character classes the token uses (26 lower-case, 26 upper-case, 10 digits, 33 other printable):
 * what guessing a random token drawn from that alphabet would cost. It is exact for random tokens
 * in the usual encodings ({@code openssl rand -hex 16} gives 32 hex characters: 165 bits by this
 * estimate, 128 in truth; hex is the one common encoding it over-counts), and it never refuses a
 * truly random 128-bit token. A Shannon estimate (length × the entropy of the token's own character
 * frequencies) would be the wrong bound: a random 32-character hex token measures about 118 bits by
 * its frequencies, so real tokens would be refused. It does see patterns the alphabet estimate
 * cannot ("abab…" measures 1 bit a character), so it is used as a second test with half the bar: 64
 * bits, which random tokens of 128 bits pass in every common encoding.
 */
public final class TokenStrength {

  public static final int MINIMUM_BITS = 128;

  /** Half the bar: the frequency estimate under-counts short random strings (see above). */
  private static final int MINIMUM_PATTERN_BITS = MINIMUM_BITS / 2;

  private static final int LOWER = 26;
  private static final int UPPER = 26;
  private static final int DIGITS = 10;
  private static final int OTHER = 33;

  private TokenStrength() {}

  /**
   * Why {@code token} is too weak to be accepted, in words that never show it; empty when it is
   * strong enough.
   */
  public static Optional<String> weakness(String token) {
    if (token.isEmpty()) {
      return Optional.of("it is empty");
    }
    if (token.chars().distinct().count() == 1) {
      return Optional.of("it is one character repeated, which is guessed at once");
    }
    double alphabetBits = alphabetBits(token);
    if (alphabetBits < MINIMUM_BITS) {
      return Optional.of(
          String.format(
              Locale.ROOT,
              "it holds about %d bits of entropy (%d characters from an alphabet of %d), under"
                  + " the %d bits a token needs",
              (long) Math.floor(alphabetBits),
              token.length(),
              alphabet(token),
              MINIMUM_BITS));
    }
    double frequencyBits = frequencyBits(token);
    if (frequencyBits < MINIMUM_PATTERN_BITS) {
      return Optional.of(
          String.format(
              Locale.ROOT,
              "it repeats a short pattern: its characters' frequencies give about %d bits, under"
                  + " %d",
              (long) Math.floor(frequencyBits),
              MINIMUM_PATTERN_BITS));
    }
    int period = period(token);
    if (period > 0) {
      return Optional.of(
          "it is a block of "
              + period
              + " characters written again and again, guessed as fast as"
              + " the block alone");
    }
    double stepBits = frequencyBits(steps(token));
    if (stepBits < MINIMUM_PATTERN_BITS) {
      return Optional.of(
          String.format(
              Locale.ROOT,
              "it runs along a sequence (such as 0123… or abcd…): the steps between its characters"
                  + " give about %d bits, under %d",
              (long) Math.floor(stepBits),
              MINIMUM_PATTERN_BITS));
    }
    return Optional.empty();
  }

  /** The shortest period under half the length that repeats {@code token} whole; 0 for none. */
  private static int period(String token) {
    for (int period = 1; period <= token.length() / 2; period++) {
      boolean repeats = true;
      for (int i = period; i < token.length() && repeats; i++) {
        repeats = token.charAt(i) == token.charAt(i - period);
      }
      if (repeats) {
        return period;
      }
    }
    return 0;
  }

  /** The differences between neighbouring characters, as characters: a sequence has few kinds. */
  private static String steps(String token) {
    StringBuilder steps = new StringBuilder();
    for (int i = 1; i < token.length(); i++) {
      steps.append((char) (token.charAt(i) - token.charAt(i - 1) + 0x8000));
    }
    return steps.toString();
  }

  /** {@code length × log2(alphabet)} of the character classes {@code token} uses. */
  static double alphabetBits(String token) {
    return token.length() * (Math.log(alphabet(token)) / Math.log(2));
  }

  private static int alphabet(String token) {
    boolean lower = false;
    boolean upper = false;
    boolean digit = false;
    boolean other = false;
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c >= 'a' && c <= 'z') {
        lower = true;
      } else if (c >= 'A' && c <= 'Z') {
        upper = true;
      } else if (c >= '0' && c <= '9') {
        digit = true;
      } else {
        other = true;
      }
    }
    return (lower ? LOWER : 0) + (upper ? UPPER : 0) + (digit ? DIGITS : 0) + (other ? OTHER : 0);
  }

  /** Shannon's estimate: length × the entropy of the token's own character frequencies. */
  static double frequencyBits(String token) {
    Map<Integer, Integer> counts = new HashMap<>();
    token.chars().forEach(c -> counts.merge(c, 1, Integer::sum));
    double perCharacter = 0;
    for (int count : counts.values()) {
      double p = (double) count / token.length();
      perCharacter -= p * (Math.log(p) / Math.log(2));
    }
    return perCharacter * token.length();
  }
}
