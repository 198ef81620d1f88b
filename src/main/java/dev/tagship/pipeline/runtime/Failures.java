package dev.tagship.pipeline.runtime;

import dev.tagship.core.TagshipException;
import dev.tagship.pipeline.dsl.DeclarativeException;

/** How an error reads in the log: its message alone when it says it all, else its type too. */
public final class Failures {

  private Failures() {}

  public static String describe(Throwable error) {
    Throwable shown = error;
    while (shown instanceof RuntimeException
        && shown.getClass() == RuntimeException.class
        && shown.getCause() != null) {
      shown = shown.getCause();
    }
    if (shown instanceof AbortException
        || shown instanceof FlowInterruptedException
        || shown instanceof DeclarativeException
        || shown instanceof TagshipException
        || shown instanceof PipelineRun.NoSuchStepException) {
      return String.valueOf(shown.getMessage());
    }
    return shown.getClass().getName() + ": " + shown.getMessage();
  }
}
