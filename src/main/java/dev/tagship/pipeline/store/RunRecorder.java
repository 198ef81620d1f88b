package dev.tagship.pipeline.store;

import dev.tagship.core.DaemonThreads;
import dev.tagship.pipeline.runtime.RunListener;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Records one run into the store as it happens: log lines are written in batches a few times a
 * second (so a busy pipeline does not wait for the disk at every line, and a reader following the
 * run sees it almost live), stages as they start and end, and a heartbeat that says its owner is
 * still at work.
 */
public final class RunRecorder implements RunListener, AutoCloseable {

  /** Often enough that a reader on another host can tell a live owner well within the expiry. */
  private static final Duration HEARTBEAT = RunStore.HEARTBEAT_EXPIRY.dividedBy(10);

  private final RunStore store;
  private final long id;
  private final int number;
  private final List<LogLine> pending = new ArrayList<>();
  private final Map<String, Instant> starts = new ConcurrentHashMap<>();
  private final ScheduledExecutorService flusher =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("tagship-run-recorder"));
  private final Object flushing = new Object();
  private final Thread flushAtExit =
      new Thread(this::flushInBackground, "tagship-run-flush-at-exit");
  private int written;

  RunRecorder(RunStore store, long id, int number) {
    this.store = store;
    this.id = id;
    this.number = number;
    flusher.scheduleWithFixedDelay(this::flushInBackground, 200, 200, TimeUnit.MILLISECONDS);
    // A pipeline that ends its process (System.exit) must not take its last lines with it.
    Runtime.getRuntime().addShutdownHook(flushAtExit);
    flusher.scheduleWithFixedDelay(
        this::heartbeat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
  }

  public long id() {
    return id;
  }

  public int number() {
    return number;
  }

  @Override
  public void line(String maskedLine, String stageId) {
    synchronized (pending) {
      pending.add(new LogLine(maskedLine, stageId));
    }
  }

  @Override
  public void stageStarted(
      String stageId, String parentId, String name, boolean branch, Instant at) {
    flush();
    starts.put(stageId, at);
    store.stageStarted(id, stageId, parentId, name, at.toString());
  }

  @Override
  public void stageFinished(String stageId, String status, Instant at) {
    flush();
    Instant start = starts.getOrDefault(stageId, at);
    store.stageFinished(id, stageId, status, Duration.between(start, at).toMillis());
  }

  @Override
  public void parametersBound(Map<String, String> shown) {
    store.parameters(id, shown);
  }

  /**
   * Writes the lines not written yet. One flush at a time, so that lines a failed write gives back
   * keep their place for the next.
   */
  public void flush() {
    synchronized (flushing) {
      List<LogLine> batch;
      synchronized (pending) {
        if (pending.isEmpty()) {
          return;
        }
        batch = new ArrayList<>(pending);
        pending.clear();
      }
      try {
        store.writeLines(id, written, batch);
        written += batch.size();
      } catch (RuntimeException e) {
        synchronized (pending) {
          pending.addAll(0, batch);
        }
        throw e;
      }
    }
  }

  /** The flusher's periodic work must survive a store that was busy for once. */
  private void flushInBackground() {
    try {
      flush();
    } catch (RuntimeException busy) {
      // the lines stay pending: the next flush, or the run's end, writes them
    }
  }

  private void heartbeat() {
    try {
      store.heartbeat(id);
    } catch (RuntimeException busy) {
      // one missed heartbeat is far from the expiry
    }
  }

  /** Records the outcome; the run is then finished for every reader. */
  public void finish(String result, Duration duration, String error) {
    flush();
    store.finish(id, result, duration.toMillis(), error);
  }

  @Override
  public void close() {
    flusher.shutdownNow();
    try {
      Runtime.getRuntime().removeShutdownHook(flushAtExit);
    } catch (IllegalStateException exiting) {
      // the process is ending: the hook runs anyway
    }
    flush();
  }
}
