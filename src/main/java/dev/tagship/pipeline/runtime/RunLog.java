package dev.tagship.pipeline.runtime;

import dev.tagship.core.SecretMasker;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.function.Consumer;

/**
 * The console log of a run, in Jenkins' shape: {@code [Pipeline]} lines for steps and blocks,
 * output lines prefixed with their parallel branch, {@code Finished: RESULT} at the end. Every line
 * passes through the masker, which grows as credentials are bound and never shrinks.
 */
public final class RunLog {

  private final PrintStream out;
  private final Consumer<String> recorder;
  private final Clock clock;
  private volatile SecretMasker masker = SecretMasker.none();
  private volatile boolean timestamps;

  /**
   * @param recorder receives every masked line too, e.g. to store the run
   */
  public RunLog(PrintStream out, Consumer<String> recorder, Clock clock) {
    this.out = out;
    this.recorder = recorder;
    this.clock = clock;
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
    String masked = masker.mask(line);
    String stamped = timestamps ? "[" + Instant.now(clock) + "] " + masked : masked;
    out.println(stamped);
    out.flush();
    recorder.accept(stamped);
  }
}
