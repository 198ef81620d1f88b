package dev.tagship.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

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
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw DeployException.failure("cannot delete the temporary folder " + dir, e);
    }
  }
}
