package dev.tagship.deploy;

import dev.tagship.core.Folders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Owner-only temporary folders for charts (pulled, packaged, restored) and values. */
final class TemporaryFolders {

  private TemporaryFolders() {}

  static Path create() {
    try {
      return Files.createTempDirectory(
          "tagship-chart-",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (IOException e) {
      throw DeployException.failure("cannot create a temporary folder: " + e.getMessage(), e);
    }
  }

  static void delete(Path dir) {
    try {
      Folders.deleteRecursively(dir);
    } catch (IOException e) {
      throw DeployException.failure("cannot delete the temporary folder " + dir, e);
    }
  }
}
