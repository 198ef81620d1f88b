package dev.tagship.web;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Reads a request's body before its handler runs, without a thread waiting on the client: the
 * dashboard is told when bytes arrive. A client that trickles its body holds a connection for at
 * most {@code deadline}, never one of the threads that serve everyone else.
 */
final class RequestBodies {

  /** The largest body read: a run's parameters, an input's answer, a rollback. */
  static final int MAX_BYTES = 1 << 20;

  /** How long a whole body may take to arrive, however steadily it trickles in. */
  static final Duration DEADLINE = Duration.ofSeconds(15);

  private RequestBodies() {}

  /** True when the request says a body follows. */
  static boolean expected(Request request) {
    long length = request.getLength();
    if (length > 0) {
      return true;
    }
    String encoding = request.getHeaders().get(HttpHeader.TRANSFER_ENCODING);
    return encoding != null && encoding.contains(HttpHeaderValue.CHUNKED.asString());
  }

  /**
   * Reads the body, then gives it to {@code done}; or fails it with an {@link HttpProblem} (413 too
   * large, 408 too slow) or the client's own failure. {@code done} may be called on this thread or
   * on a thread of the server's pool, once.
   */
  static void read(Request request, int maxBytes, Duration deadline, Promise<byte[]> done) {
    if (request.getLength() > maxBytes) {
      done.failed(tooLarge(maxBytes));
      return;
    }
    new Reader(request, maxBytes, deadline, done).start();
  }

  private static HttpProblem tooLarge(int maxBytes) {
    return new HttpProblem(
        413, "the request body is larger than " + maxBytes + " bytes", java.util.Map.of());
  }

  private static final class Reader implements Runnable {
    private final Request request;
    private final int maxBytes;
    private final Duration deadline;
    private final Promise<byte[]> done;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final AtomicBoolean finished = new AtomicBoolean();
    private Scheduler.Task timer;

    Reader(Request request, int maxBytes, Duration deadline, Promise<byte[]> done) {
      this.request = request;
      this.maxBytes = maxBytes;
      this.deadline = deadline;
      this.done = done;
    }

    void start() {
      timer =
          request
              .getComponents()
              .getScheduler()
              .schedule(
                  () ->
                      fail(
                          new HttpProblem(
                              408,
                              "the request body did not arrive within "
                                  + deadline.toSeconds()
                                  + " seconds",
                              java.util.Map.of())),
                  deadline.toMillis(),
                  TimeUnit.MILLISECONDS);
      run();
    }

    /** Reads what has arrived; asks to be called again when more does. */
    @Override
    public void run() {
      while (!finished.get()) {
        Content.Chunk chunk = request.read();
        if (chunk == null) {
          request.demand(this);
          return;
        }
        if (Content.Chunk.isFailure(chunk)) {
          Throwable failure = chunk.getFailure();
          fail(
              failure instanceof java.util.concurrent.TimeoutException
                  ? new HttpProblem(
                      408,
                      "the request body stopped arriving: send it whole without pauses",
                      java.util.Map.of())
                  : failure);
          return;
        }
        ByteBuffer buffer = chunk.getByteBuffer();
        boolean last = chunk.isLast();
        if (bytes.size() + buffer.remaining() > maxBytes) {
          chunk.release();
          fail(tooLarge(maxBytes));
          return;
        }
        byte[] part = new byte[buffer.remaining()];
        buffer.get(part);
        bytes.write(part, 0, part.length);
        chunk.release();
        if (last) {
          if (finished.compareAndSet(false, true)) {
            timer.cancel();
            done.succeeded(bytes.toByteArray());
          }
          return;
        }
      }
    }

    private void fail(Throwable failure) {
      if (finished.compareAndSet(false, true)) {
        if (timer != null) {
          timer.cancel();
        }
        done.failed(failure);
      }
    }
  }
}
