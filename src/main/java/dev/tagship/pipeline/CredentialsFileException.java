package dev.tagship.pipeline;

import dev.tagship.core.TagshipException;

/**
 * A credentials file tagship cannot use: not JCasC YAML, an unknown credential kind, a missing or
 * duplicate id, a variable with no value, a file it cannot read. The message names the credential,
 * the field and the variable or file, and never holds a secret value.
 */
public final class CredentialsFileException extends TagshipException {

  CredentialsFileException(String message) {
    super(message, true, null);
  }
}
