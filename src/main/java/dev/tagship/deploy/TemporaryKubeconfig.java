package dev.tagship.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** A kubeconfig file only its owner can read (0600), deleted when closed. */
final class TemporaryKubeconfig implements AutoCloseable {

  private final Path path;

  private TemporaryKubeconfig(Path path) {
    this.path = path;
  }

  static TemporaryKubeconfig write(ClusterAccess cluster) {
    try {
      Path file =
          Files.createTempFile(
              "tagship-kubeconfig-",
              ".yaml",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, cluster.kubeconfig());
      return new TemporaryKubeconfig(file);
    } catch (IOException e) {
      throw DeployException.failure("cannot write a temporary kubeconfig: " + e.getMessage(), e);
    }
  }

  Path path() {
    return path;
  }

  @Override
  public void close() {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw DeployException.failure("cannot delete the temporary kubeconfig " + path, e);
    }
  }
}
