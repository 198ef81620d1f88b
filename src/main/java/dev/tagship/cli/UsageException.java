package dev.tagship.cli;

import dev.tagship.core.TagshipException;

/** A combination of options that cannot work, found after parsing (exit code 2). */
final class UsageException extends TagshipException {

  UsageException(String message) {
    super(message, true, null);
  }
}
