package dev.tagship.steps;

import dev.tagship.core.Event;
import dev.tagship.core.EventListener;
import dev.tagship.core.SecretMasker;
import java.io.PrintStream;
import java.util.Collection;

/**
 * The build log a step writes to. Every line passes through the masker, so a secret a step or a
 * capability mentions never reaches the log.
 */
public final class StepLog implements EventListener {

  private final PrintStream out;
  private final SecretMasker masker;
  private final boolean debug;
  private final boolean terminal;

  public StepLog(PrintStream out, SecretMasker masker, boolean debug) {
    this(out, masker, debug, false);
  }

  /**
   * @param terminal whether {@code out} is a terminal, where progress is drawn in place on one
   *     line; elsewhere (build logs) progress is left out and only whole lines are written
   */
  public StepLog(PrintStream out, SecretMasker masker, boolean debug, boolean terminal) {
    this.out = out;
    this.masker = masker;
    this.debug = debug;
    this.terminal = terminal;
  }

  public synchronized void println(String line) {
    out.print(terminal ? "\r\033[K" : "");
    out.println(masker.mask(line));
  }

  private synchronized void progress(String line) {
    out.print("\r\033[K" + masker.mask(line));
    out.flush();
  }

  @Override
  public void on(Event event) {
    switch (event.level()) {
      case DEBUG -> {
        if (debug) {
          println(event.message());
        }
      }
      case PROGRESS -> {
        if (terminal) {
          progress(event.message());
        }
      }
      case INFO -> println(event.message());
      case WARN -> println("WARNING: " + event.message());
    }
  }

  /** A log that also masks {@code more} secrets, e.g. those a credentials binding adds. */
  public StepLog masking(Collection<String> more) {
    return new StepLog(out, masker.with(more), debug, terminal);
  }
}
