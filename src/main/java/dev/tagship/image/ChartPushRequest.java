package dev.tagship.image;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Publish a packaged Helm chart ({@code .tgz}) as an OCI artifact at {@code
 * REGISTRY/REPOSITORY/NAME:VERSION}, as {@code helm push} does.
 *
 * @param repository the path under the registry the chart goes into, e.g. {@code helm}; may be
 *     empty
 */
public record ChartPushRequest(
    Path archive, String registry, String repository, RegistryAccess access) {

  public ChartPushRequest {
    if (archive == null || !Files.isRegularFile(archive)) {
      throw ImageException.usage(
          "chart package " + archive + " does not exist: give a chart folder or a .tgz");
    }
    if (registry == null || registry.isBlank() || registry.contains("/")) {
      throw ImageException.usage(
          "registry '" + registry + "' is not valid: give its host, e.g. myreg.azurecr.io");
    }
    repository = repository == null ? "" : repository.replaceAll("^/+|/+$", "");
    access = access == null ? RegistryAccess.defaults() : access;
  }
}
