package dev.tagship.deploy;

import dev.tagship.core.Folders;
import dev.tagship.core.TempFolders;
import java.io.IOException;
import java.nio.file.Path;

/** Owner-only temporary folders for charts (pulled, packaged, restored) and values. */
final class TemporaryFolders {

  private TemporaryFolders() {}

  static Path create() {
    try {
      // in the process's own temporary folder: swept with it when a deploy is killed
      return TempFolders.create("chart-");
    } catch (java.io.UncheckedIOException e) {
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
