package dev.tagship.core;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces every known secret, and its base64 and URL encodings, with {@code ****} — what Jenkins'
 * credentials binding does to a console log. Immutable: adding secrets gives a new masker, so a
 * masker handed to another thread never changes under it.
 *
 * <p>Which text is masked. Secrets come from the user's own systems (a credentials file, a password
 * parameter), so a weak one is not refused, but it must not garble the log either:
 *
 * <ul>
 *   <li>A value shorter than {@value #MIN_SECRET_LENGTH} characters is never masked. Such values
 *       are ordinary words and numbers ("short", "admin", "2024"); masking them would hide those
 *       words all over the log (a token "short" once masked the word in "too short to be safe"),
 *       and could not keep a value that short from being guessed anyway.
 *   <li>A value of letters only, or of digits only ("sunshine", "20250101"), is masked where it
 *       stands as a whole word: not next to another letter, digit or {@code _}. Such a value also
 *       occurs inside ordinary words and numbers ("sunshines", "202501017"), where masking would
 *       hide text that is not the secret; a secret printed next to letters of the same kind cannot
 *       be told from such a word anyway.
 *   <li>Any other value — letters with digits or symbols, the shape of real passwords, tokens and
 *       keys — is masked wherever it occurs, inside other text too ({@code abc123} in {@code
 *       xabc123y}), as Jenkins masks: such a string does not occur by accident.
 * </ul>
 *
 * The same rule applies to each encoding. Longer values are masked first, so a secret that contains
 * another is masked whole.
 */
public final class SecretMasker {

  public static final String MASK = "****";

  /** Shorter values would mask ordinary words and numbers all over the log. */
  public static final int MIN_SECRET_LENGTH = 6;

  /** Letters, digits and {@code _}: what a whole-word value must not touch. */
  private static final Pattern LOWER_CASE_ESCAPE = Pattern.compile("%[0-9A-F]{2}");

  private static final String WORD_CHARACTER = "[\\p{L}\\p{N}_]";

  private static final SecretMasker NONE = new SecretMasker(List.of());

  /** A value to mask, and the pattern that finds it when it is masked as a whole word only. */
  private record Secret(String value, Pattern wholeWord) {
    String mask(String text) {
      if (!text.contains(value)) {
        return text;
      }
      if (wholeWord == null) {
        return text.replace(value, MASK);
      }
      return wholeWord.matcher(text).replaceAll(Matcher.quoteReplacement(MASK));
    }
  }

  private final List<Secret> secrets;

  private SecretMasker(List<Secret> secrets) {
    this.secrets = secrets;
  }

  public static SecretMasker none() {
    return NONE;
  }

  public static SecretMasker of(Collection<String> secrets) {
    return NONE.with(secrets);
  }

  /** Whether {@code value} is long enough to be masked at all (see the class comment). */
  public static boolean isMaskable(String value) {
    return value != null && value.length() >= MIN_SECRET_LENGTH;
  }

  /** A masker that also hides {@code secrets}. */
  public SecretMasker with(Collection<String> secrets) {
    Map<String, Secret> all = new LinkedHashMap<>();
    for (Secret known : this.secrets) {
      all.put(known.value(), known);
    }
    for (String secret : secrets) {
      if (!isMaskable(secret)) {
        continue;
      }
      for (String form : spellings(secret)) {
        all.computeIfAbsent(form, SecretMasker::secret);
      }
    }
    List<Secret> sorted = new ArrayList<>(all.values());
    // Longest first, so a secret that contains another is masked whole.
    sorted.sort(Comparator.comparingInt((Secret s) -> s.value().length()).reversed());
    return new SecretMasker(List.copyOf(sorted));
  }

  /**
   * The secret and the ways tools commonly print it encoded: base64 with and without padding,
   * base64url, and percent-encoding as a form field (space as +), as a URI component (space as %20)
   * and as a path ('/' kept), each with upper- and lower-case escapes.
   */
  private static List<String> spellings(String secret) {
    byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
    String form = URLEncoder.encode(secret, StandardCharsets.UTF_8);
    String component = form.replace("+", "%20");
    String path = component.replace("%2F", "/");
    List<String> spellings = new ArrayList<>();
    spellings.add(secret);
    spellings.add(Base64.getEncoder().encodeToString(bytes));
    spellings.add(Base64.getEncoder().withoutPadding().encodeToString(bytes));
    spellings.add(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    for (String percent : List.of(form, component, path)) {
      spellings.add(percent);
      spellings.add(
          LOWER_CASE_ESCAPE.matcher(percent).replaceAll(m -> m.group().toLowerCase(Locale.ROOT)));
    }
    return spellings;
  }

  private static Secret secret(String value) {
    boolean letters = value.chars().allMatch(Character::isLetter);
    boolean digits = value.chars().allMatch(Character::isDigit);
    if (!letters && !digits) {
      return new Secret(value, null);
    }
    return new Secret(
        value,
        Pattern.compile(
            "(?<!" + WORD_CHARACTER + ")" + Pattern.quote(value) + "(?!" + WORD_CHARACTER + ")"));
  }

  public String mask(String text) {
    if (text == null || secrets.isEmpty()) {
      return text;
    }
    String masked = text;
    for (Secret secret : secrets) {
      masked = secret.mask(masked);
    }
    return masked;
  }
}
