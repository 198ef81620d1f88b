package dev.tagship.image;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Reads content while hashing it, and fails before handing out its last bytes unless it has exactly
 * the descriptor's size and digest. Holding the last read back matters: a blob streamed into an
 * upload of fixed length never reaches the registry whole, so even a registry that does not check
 * digests cannot store it. One pass, no second read of the content.
 */
final class VerifiedStream extends InputStream {

  private final InputStream in;
  private final ContentDigest expected;
  private final long size;
  private final String what;
  private final MessageDigest hasher;
  private long remaining;
  private boolean verified;

  /**
   * @param what the content, for the message, e.g. {@code blob sha256:ab… (file /x/blobs/…)}
   */
  VerifiedStream(InputStream in, ContentDigest expected, long size, String what) {
    this.in = in;
    this.expected = expected;
    this.size = size;
    this.what = what;
    this.hasher = expected.newHasher();
    this.remaining = size;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    if (remaining == 0) {
      verifyEnd();
      return -1;
    }
    int n = in.read(buffer, offset, (int) Math.min(length, remaining));
    if (n < 0) {
      throw new ContentMismatchException(
          what
              + " has "
              + (size - remaining)
              + " bytes, not the "
              + size
              + " its descriptor gives");
    }
    hasher.update(buffer, offset, n);
    remaining -= n;
    if (remaining == 0) {
      verifyEnd();
    }
    return n;
  }

  private void verifyEnd() throws IOException {
    if (verified) {
      return;
    }
    if (in.read() >= 0) {
      throw new ContentMismatchException(
          what + " is longer than the " + size + " bytes its descriptor gives");
    }
    String actual = expected.of(hasher);
    if (!actual.equals(expected.toString())) {
      throw new ContentMismatchException(
          what + " has the digest " + actual + ", not " + expected + ": it was changed or damaged");
    }
    verified = true;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
