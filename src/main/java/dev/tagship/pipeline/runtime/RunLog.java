package dev.tagship.pipeline.runtime;

import dev.tagship.core.SecretMasker;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The console log of a run, in Jenkins' shape: {@code [Pipeline]} lines for steps and blocks,
 * output lines prefixed with their parallel branch, {@code Finished: RESULT} at the end. Every line
 * passes through the masker, which grows as credentials are bound and never shrinks.
 */
public final class RunLog {

  /** The Timestamper plugin's form: ISO-8601 in UTC, to the millisecond. */
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final PrintStream out;
  private final BiConsumer<String, String> recorder;
  private final Clock clock;
  private volatile SecretMasker masker = SecretMasker.none();
  private volatile boolean timestamps;
  private volatile Supplier<String> currentStage = () -> null;
  private String deferred;
  private String deferredStage;

  /**
   * @param recorder receives every masked line too, with the id of the stage that wrote it (null
   *     outside stages), e.g. to store the run
   */
  public RunLog(PrintStream out, BiConsumer<String, String> recorder, Clock clock) {
    this.out = out;
    this.recorder = recorder;
    this.clock = clock;
  }

  /** Where the stage of the writing thread comes from; lines are recorded with it. */
  public void stagesFrom(Supplier<String> currentStage) {
    this.currentStage = currentStage;
  }

  public synchronized void mask(Collection<String> secrets) {
    masker = masker.with(secrets);
  }

  public SecretMasker masker() {
    return masker;
  }

  public void timestamps(boolean on) {
    timestamps = on;
  }

  /** A {@code [Pipeline] text} line, as Jenkins writes for each step and block. */
  public void pipeline(String text) {
    write("[Pipeline] " + text);
  }

  /**
   * A {@code [Pipeline] text} line written just before the next line, unless {@link
   * #dropDeferred()} comes first.
   */
  public synchronized void deferPipeline(String text) {
    deferred = "[Pipeline] " + text;
    deferredStage = currentStage.get();
  }

  /**
   * @return whether a deferred line was still waiting, and is now dropped
   */
  public synchronized boolean dropDeferred() {
    boolean waiting = deferred != null;
    deferred = null;
    return waiting;
  }

  /** Output of the code running in {@code frame}; each line gets the frame's branch prefix. */
  public void output(Frame frame, String text) {
    String prefix = frame == null || frame.branch() == null ? "" : "[" + frame.branch() + "] ";
    for (String line : text.split("\r?\n", -1)) {
      write(prefix + line);
    }
  }

  public void output(String text) {
    output(null, text);
  }

  private synchronized void write(String line) {
    if (deferred != null) {
      String first = deferred;
      deferred = null;
      write(first, deferredStage);
    }
    write(line, currentStage.get());
  }

  private void write(String line, String stageId) {
    String masked = masker.mask(line);
    String stamped =
        timestamps ? "[" + TIMESTAMP.format(Instant.now(clock)) + "] " + masked : masked;
    out.println(stamped);
    out.flush();
    recorder.accept(stamped, stageId);
  }
}
