package dev.tagship.sandbox.kube;

import java.nio.charset.StandardCharsets;

/**
 * The short hashes Kubernetes puts in names: FNV-32a, written in the vowel-free alphabet the
 * deployment controller uses for {@code pod-template-hash}, so names never spell words.
 */
final class Fnv {

  private static final String SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

  private Fnv() {}

  static long hash(String text) {
    long hash = 0x811c9dc5L;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash = (hash * 0x01000193L) & 0xffffffffL;
    }
    return hash;
  }

  /** Up to {@code length} characters of the safe alphabet for {@code text}'s hash. */
  static String safe(String text, int length) {
    String digits = Long.toString(hash(text));
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < digits.length() && out.length() < length; i++) {
      out.append(SAFE_ALPHABET.charAt(digits.charAt(i) % SAFE_ALPHABET.length()));
    }
    return out.toString();
  }

  static String hex(String text) {
    return String.format("%08x", hash(text));
  }
}
