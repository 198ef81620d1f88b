package dev.tagship.image;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The two ways an HTTP/1.1 body ends before the connection does: a Content-Length, or chunked
 * transfer coding (how the Docker Engine streams {@code docker save}). Either stream fails when the
 * connection ends early, so a broken-off export is never taken for a whole one.
 */
final class HttpBodies {

  private static final int MAX_LINE = 8192;

  private HttpBodies() {}

  static InputStream sized(InputStream in, long length) {
    return new Sized(in, length);
  }

  static InputStream chunked(InputStream in) {
    return new Chunked(in);
  }

  /** A CRLF- or LF-ended line in ISO-8859-1, without its end; null at the end of the stream. */
  static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        int end = line.length();
        return end > 0 && line.charAt(end - 1) == '\r'
            ? line.substring(0, end - 1)
            : line.toString();
      }
      if (line.length() >= MAX_LINE) {
        throw new IOException("an HTTP line longer than " + MAX_LINE + " bytes");
      }
      line.append((char) b);
    }
    return line.length() == 0 ? null : line.toString();
  }

  /**
   * A body within the connection's stream {@code in}; closing it closes that stream. Not a
   * FilterInputStream: its skip and available would reach past the body's end.
   */
  private abstract static class Framed extends InputStream {

    final InputStream in;

    Framed(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public abstract int read(byte[] buffer, int offset, int length) throws IOException;

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  private static final class Sized extends Framed {

    private long remaining;

    Sized(InputStream in, long length) {
      super(in);
      this.remaining = length;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (remaining == 0) {
        return -1;
      }
      int n = in.read(buffer, offset, (int) Math.min(length, remaining));
      if (n < 0) {
        throw new EOFException("the connection closed " + remaining + " bytes before the end");
      }
      remaining -= n;
      return n;
    }
  }

  private static final class Chunked extends Framed {

    private long chunkLeft;
    private boolean done;

    Chunked(InputStream in) {
      super(in);
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (length == 0) {
        return 0;
      }
      if (chunkLeft == 0 && !nextChunk()) {
        return -1;
      }
      int n = in.read(buffer, offset, (int) Math.min(length, chunkLeft));
      if (n < 0) {
        throw new EOFException("the connection closed in the middle of a chunk");
      }
      chunkLeft -= n;
      if (chunkLeft == 0) {
        String end = readLine(in);
        if (end == null || !end.isEmpty()) {
          throw new IOException("a chunk does not end with CRLF");
        }
      }
      return n;
    }

    /** Reads the next chunk's size line; false after the last (empty) chunk and its trailers. */
    private boolean nextChunk() throws IOException {
      if (done) {
        return false;
      }
      String line = readLine(in);
      if (line == null) {
        throw new EOFException("the connection closed before the last chunk");
      }
      int extension = line.indexOf(';');
      String size = (extension < 0 ? line : line.substring(0, extension)).trim();
      try {
        chunkLeft = Long.parseLong(size, 16);
      } catch (NumberFormatException e) {
        throw new IOException("not a chunk size: " + size);
      }
      if (chunkLeft < 0) {
        throw new IOException("a negative chunk size");
      }
      if (chunkLeft > 0) {
        return true;
      }
      done = true;
      String trailer;
      do {
        trailer = readLine(in);
      } while (trailer != null && !trailer.isEmpty());
      return false;
    }
  }
}
