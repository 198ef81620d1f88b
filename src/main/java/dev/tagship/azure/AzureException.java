package dev.tagship.azure;

import dev.tagship.core.TagshipException;

/** Why signing in to Azure, or exchanging a token with ACR, failed. */
public final class AzureException extends TagshipException {

  AzureException(String message, Throwable cause) {
    super(message, false, cause);
  }
}
