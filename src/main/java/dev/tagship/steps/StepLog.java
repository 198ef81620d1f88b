package dev.tagship.steps;

import dev.tagship.core.Event;
import dev.tagship.core.EventListener;
import dev.tagship.core.SecretMasker;
import java.io.PrintStream;

/**
 * The build log a step writes to. Every line passes through the masker, so a secret a step or a
 * capability mentions never reaches the log.
 */
public final class StepLog implements EventListener {

  private final PrintStream out;
  private final SecretMasker masker;
  private final boolean debug;

  public StepLog(PrintStream out, SecretMasker masker, boolean debug) {
    this.out = out;
    this.masker = masker;
    this.debug = debug;
  }

  public void println(String line) {
    out.println(masker.mask(line));
  }

  @Override
  public void on(Event event) {
    switch (event.level()) {
      case DEBUG -> {
        if (debug) {
          println(event.message());
        }
      }
      case INFO -> println(event.message());
      case WARN -> println("WARNING: " + event.message());
    }
  }

  /** A log that also masks {@code more} secrets, e.g. those a credentials binding adds. */
  public StepLog masking(java.util.Collection<String> more) {
    return new StepLog(out, masker.with(more), debug);
  }
}
