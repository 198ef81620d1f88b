package dev.tagship.image;

import java.nio.file.Path;

/**
 * Fetch the Helm chart {@code oci://REGISTRY/REPOSITORY/NAME} at {@code version} (or the tag the
 * reference carries) into {@code directory}, as {@code helm pull} does.
 */
public record ChartPullRequest(
    String reference, String version, RegistryAccess access, Path directory) {

  public ChartPullRequest {
    if (reference == null || !reference.startsWith("oci://")) {
      throw ImageException.usage(
          "chart reference '" + reference + "' is not valid: write oci://REGISTRY/REPOSITORY/NAME");
    }
    access = access == null ? RegistryAccess.defaults() : access;
  }
}
