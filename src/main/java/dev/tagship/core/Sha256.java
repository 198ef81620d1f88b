package dev.tagship.core;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256, which every Java platform has: content digests of blobs, cache keys, jar checks. */
public final class Sha256 {

  private Sha256() {}

  public static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** The digest of {@code data} in lower-case hex. */
  public static String hex(byte[] data) {
    return HexFormat.of().formatHex(digest().digest(data));
  }
}
