package dev.tagship.pipeline.store;

import dev.tagship.core.TagshipException;

/**
 * The run store cannot be used at all: damaged, emptied, or not a store. Distinct from a failed
 * pipeline, so that a CI job can tell "the build failed" from "tagship could not keep its history".
 */
public final class StoreUnusableException extends TagshipException {

  /** The exit code of a command whose store cannot be used (1 is a failed pipeline). */
  public static final int EXIT_CODE = 5;

  StoreUnusableException(String message, Throwable cause) {
    super(message, false, cause);
  }

  @Override
  public int exitCode() {
    return EXIT_CODE;
  }
}
