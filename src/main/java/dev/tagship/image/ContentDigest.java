package dev.tagship.image;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A content digest as OCI descriptors write it, {@code sha256:<64 hex>} or {@code sha512:<128
 * hex>}: nothing else, so a digest can name a file under {@code blobs/} and never a path such as
 * {@code ../x}.
 */
record ContentDigest(String algorithm, String hex) {

  private static final Pattern FORM = Pattern.compile("(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})");

  /**
   * @param where what names the digest, for the message, e.g. {@code the manifest sha256:ab12…}
   */
  static ContentDigest parse(String digest, String where) {
    if (digest == null || !FORM.matcher(digest).matches()) {
      throw ImageException.failure(
          where
              + " names a blob by '"
              + printable(digest)
              + "', which is not a sha256 or sha512 digest");
    }
    int colon = digest.indexOf(':');
    return new ContentDigest(digest.substring(0, colon), digest.substring(colon + 1));
  }

  MessageDigest newHasher() {
    try {
      return MessageDigest.getInstance(algorithm.equals("sha256") ? "SHA-256" : "SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256 and SHA-512", e);
    }
  }

  /** {@code algorithm:hex} of what {@code hasher} (made by {@link #newHasher()}) took in. */
  String of(MessageDigest hasher) {
    return algorithm + ":" + HexFormat.of().formatHex(hasher.digest());
  }

  String of(byte[] content) {
    MessageDigest hasher = newHasher();
    hasher.update(content);
    return of(hasher);
  }

  @Override
  public String toString() {
    return algorithm + ":" + hex;
  }

  /** At most 200 characters, control characters shown as {@code ?}: it came from a file. */
  private static String printable(String text) {
    if (text == null) {
      return "";
    }
    Matcher control = Pattern.compile("\\p{Cntrl}").matcher(text);
    String shown = control.replaceAll("?");
    return shown.length() > 200 ? shown.substring(0, 200) + "…" : shown;
  }
}
