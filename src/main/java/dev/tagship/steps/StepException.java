package dev.tagship.steps;

import dev.tagship.core.TagshipException;

/** A step call the engine cannot make: unknown step, unknown or mistyped parameter. */
public final class StepException extends TagshipException {

  StepException(String message) {
    super(message, true, null);
  }
}
