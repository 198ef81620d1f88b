package dev.tagship.image;

import dev.tagship.core.Event;
import dev.tagship.core.EventListener;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reports how much of a stream has been read (a blob for upload, an image from a daemon), at most
 * twice a second.
 */
final class ProgressStream extends FilterInputStream {

  private static final long INTERVAL_NANOS = 500_000_000L;

  private final String action;
  private final long size;
  private final EventListener events;
  private final long started = System.nanoTime();
  private long read;
  private long lastReport = started;

  /**
   * @param action what is going on, e.g. {@code Uploading 3f2a1b}
   * @param size the stream's length; negative when not known
   */
  ProgressStream(InputStream in, String action, long size, EventListener events) {
    super(in);
    this.action = action;
    this.size = size;
    this.events = events;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      advance(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n > 0) {
      advance(n);
    }
    return n;
  }

  private void advance(int n) {
    read += n;
    long now = System.nanoTime();
    if (now - lastReport >= INTERVAL_NANOS) {
      lastReport = now;
      double seconds = (now - started) / 1e9;
      events.on(
          Event.progress(
              action
                  + " "
                  + Sizes.human(read)
                  + (size < 0 ? "" : " / " + Sizes.human(size))
                  + " ("
                  + Sizes.human((long) (read / seconds))
                  + "/s)"));
    }
  }
}
