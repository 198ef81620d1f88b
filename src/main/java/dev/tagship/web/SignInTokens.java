package dev.tagship.web;

import dev.tagship.core.Sha256;
import dev.tagship.core.TokenStrength;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The tokens that open the dashboard: one shared token (people then say who they are at sign-in),
 * or one token per person, written {@code NAME:TOKEN} a line each, so that who rolled back or
 * answered an input is proven by the token rather than typed in. Tokens are kept and compared as
 * SHA-256 digests, in constant time, so that neither a token nor its length leaks.
 */
final class SignInTokens {

  /**
   * Shortest token accepted: a guessable token would make the sign-in pointless. Longer ones must
   * also pass {@link TokenStrength} (128 bits, no repeated character or short pattern).
   */
  static final int MINIMUM_LENGTH = 16;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}");

  /** Whoever presented a token: a person's name, or null for the shared token. */
  record Holder(String name) {}

  private record Entry(String name, byte[] digest) {}

  private final List<Entry> entries;

  private SignInTokens(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /**
   * Reads {@code text}: a single line is the shared token, whatever it holds (so a shared token
   * with a colon keeps working); several lines (blank lines and {@code #} comments aside) are one
   * {@code NAME:TOKEN} each.
   *
   * @throws IllegalArgumentException naming the line that is wrong, never showing a token
   */
  static SignInTokens parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(
          "tagship serve needs a sign-in token: set TAGSHIP_UI_TOKEN or give --token-file FILE"
              + " (for instance: openssl rand -hex 32 > token && chmod 600 token)");
    }
    List<String> lines = lines(text);
    if (lines.size() == 1) {
      requireLongEnough(lines.get(0), "the sign-in token");
      return new SignInTokens(List.of(new Entry(null, digest(lines.get(0)))));
    }
    List<Entry> entries = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Set<String> tokens = new HashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int colon = line.indexOf(':');
      String where = "sign-in token line " + (i + 1);
      if (colon < 0) {
        throw new IllegalArgumentException(
            where
                + " has no NAME: before its token; with several tokens, each line is"
                + " NAME:TOKEN, one person each");
      }
      String name = line.substring(0, colon).strip();
      String token = line.substring(colon + 1).strip();
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            where
                + ": the name must be letters, digits, '.', '_', '@', '+' or '-' (at most 64),"
                + " not '"
                + name
                + "'");
      }
      requireLongEnough(token, "the token of " + name);
      if (!names.add(name)) {
        throw new IllegalArgumentException(
            where + ": " + name + " has a token already; give each person one line");
      }
      if (!tokens.add(token)) {
        throw new IllegalArgumentException(
            where + ": " + name + "'s token is someone else's too; give each person their own");
      }
      entries.add(new Entry(name, digest(token)));
    }
    return new SignInTokens(entries);
  }

  /**
   * The tokens {@code text} holds, as {@link #parse} reads them: a single line is the token, each
   * of several lines holds one after its {@code NAME:}. For what must be masked wherever it shows.
   */
  static List<String> values(String text) {
    List<String> lines = lines(text);
    if (lines.size() == 1) {
      return lines;
    }
    return lines.stream().map(line -> line.substring(line.indexOf(':') + 1).strip()).toList();
  }

  /** The lines that are not blank or {@code #} comments, stripped. */
  private static List<String> lines(String text) {
    List<String> lines = new ArrayList<>();
    for (String line : text.split("\\R")) {
      String kept = line.strip();
      if (!kept.isEmpty() && !kept.startsWith("#")) {
        lines.add(kept);
      }
    }
    return lines;
  }

  /** True when each token names its holder (so the sign-in asks for no name). */
  boolean namePeople() {
    return entries.get(0).name() != null;
  }

  /** Who {@code presented} belongs to; empty when it opens nothing. */
  Optional<Holder> holder(String presented) {
    if (presented == null) {
      return Optional.empty();
    }
    byte[] digest = digest(presented.strip());
    Holder found = null;
    for (Entry entry : entries) {
      // every entry is compared, so the time taken does not tell which one matched
      if (MessageDigest.isEqual(entry.digest(), digest) && found == null) {
        found = new Holder(entry.name());
      }
    }
    return Optional.ofNullable(found);
  }

  private static void requireLongEnough(String token, String what) {
    if (token.length() < MINIMUM_LENGTH) {
      throw new IllegalArgumentException(
          what
              + " is too short to be safe: use at least "
              + MINIMUM_LENGTH
              + " characters (for instance: openssl rand -hex 32)");
    }
    TokenStrength.weakness(token)
        .ifPresent(
            weakness -> {
              throw new IllegalArgumentException(
                  what
                      + " is too weak to be safe: "
                      + weakness
                      + "; use a random one (for instance: openssl rand -hex 32)");
            });
  }

  private static byte[] digest(String text) {
    return Sha256.digest().digest(text.getBytes(StandardCharsets.UTF_8));
  }
}
