package dev.tagship.pipeline;

import dev.tagship.core.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/** A file name for cached results about some text: the SHA-256 of the parts, in hex. */
public final class ContentKey {

  private ContentKey() {}

  public static String of(String... parts) {
    MessageDigest digest = Sha256.digest();
    for (String part : parts) {
      digest.update(part.getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
