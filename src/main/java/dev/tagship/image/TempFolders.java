package dev.tagship.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/** Temporary folders and files only the current user can read, for image archives. */
final class TempFolders {

  private TempFolders() {}

  static Path create(String prefix) {
    return createPrivately(
        "a temporary folder",
        "rwx------",
        attributes -> Files.createTempDirectory(prefix, attributes));
  }

  /** Creates {@code file}, empty; it fails when the file exists. */
  static Path createFile(Path file) {
    return createPrivately(
        "the temporary file " + file,
        "rw-------",
        attributes -> Files.createFile(file, attributes));
  }

  private interface Creation {
    Path create(FileAttribute<?>... attributes) throws IOException;
  }

  private static Path createPrivately(String what, String permissions, Creation creation) {
    try {
      try {
        return creation.create(
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions)));
      } catch (UnsupportedOperationException notPosix) {
        return creation.create();
      }
    } catch (IOException e) {
      throw ImageException.failure("cannot create " + what + ": " + e.getMessage(), e);
    }
  }
}
