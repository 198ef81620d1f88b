package dev.tagship.core;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Replaces every known secret, and its common encodings, with {@code ****} — what Jenkins'
 * credentials binding does to a console log. Immutable: adding secrets gives a new masker, so a
 * masker handed to another thread never changes under it.
 */
public final class SecretMasker {

  public static final String MASK = "****";

  /** Shorter values would mask ordinary words and digits all over the log. */
  private static final int MIN_SECRET_LENGTH = 3;

  private static final SecretMasker NONE = new SecretMasker(List.of());

  private final List<String> patterns;

  private SecretMasker(List<String> patterns) {
    this.patterns = patterns;
  }

  public static SecretMasker none() {
    return NONE;
  }

  public static SecretMasker of(Collection<String> secrets) {
    return NONE.with(secrets);
  }

  /** A masker that also hides {@code secrets}. */
  public SecretMasker with(Collection<String> secrets) {
    Set<String> all = new LinkedHashSet<>(patterns);
    for (String secret : secrets) {
      if (secret == null || secret.length() < MIN_SECRET_LENGTH) {
        continue;
      }
      all.add(secret);
      byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
      all.add(Base64.getEncoder().encodeToString(bytes));
      all.add(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
      all.add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
    }
    List<String> sorted = new ArrayList<>(all);
    // Longest first, so a secret that contains another is masked whole.
    sorted.sort(Comparator.comparingInt(String::length).reversed());
    return new SecretMasker(List.copyOf(sorted));
  }

  public String mask(String text) {
    if (text == null || patterns.isEmpty()) {
      return text;
    }
    String masked = text;
    for (String pattern : patterns) {
      if (masked.contains(pattern)) {
        masked = masked.replace(pattern, MASK);
      }
    }
    return masked;
  }
}
