package dev.tagship.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Temporary folders only the current user can read, for unpacked image archives. */
final class TempFolders {

  private TempFolders() {}

  static Path create(String prefix) {
    try {
      return Files.createTempDirectory(
          prefix,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (UnsupportedOperationException notPosix) {
      try {
        return Files.createTempDirectory(prefix);
      } catch (IOException e) {
        throw ImageException.failure("cannot create a temporary folder: " + e.getMessage(), e);
      }
    } catch (IOException e) {
      throw ImageException.failure("cannot create a temporary folder: " + e.getMessage(), e);
    }
  }
}
