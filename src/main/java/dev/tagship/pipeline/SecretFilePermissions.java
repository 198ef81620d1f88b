package dev.tagship.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Warns about a file of secrets that other users may open, as ssh does for a private key
 * ("UNPROTECTED PRIVATE KEY FILE"). A warning rather than a failure: CI runners often check files
 * out with the default umask, and refusing to run would push people to weaker workarounds.
 */
final class SecretFilePermissions {

  private static final Set<PosixFilePermission> GROUP_OR_OTHERS =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);

  private SecretFilePermissions() {}

  /** The warning for {@code file}, or empty when only its owner has access (or not POSIX). */
  static Optional<String> warningFor(Path file) {
    Set<PosixFilePermission> permissions;
    try {
      permissions = Files.getPosixFilePermissions(file);
    } catch (UnsupportedOperationException | IOException e) {
      return Optional.empty(); // Windows ACLs, or gone: reading it reports the real problem
    }
    if (permissions.stream().noneMatch(GROUP_OR_OTHERS::contains)) {
      return Optional.empty();
    }
    return Optional.of(
        "WARNING: UNPROTECTED SECRETS FILE! Permissions "
            + octal(permissions)
            + " ("
            + PosixFilePermissions.toString(permissions)
            + ") for '"
            + file
            + "' are too open: other users can open it. Run: chmod 600 '"
            + file
            + "'");
  }

  private static String octal(Set<PosixFilePermission> permissions) {
    int mode = 0;
    for (PosixFilePermission permission : permissions) {
      // The enum lists owner, group, others, each read/write/execute, from the highest bit down.
      mode |= 1 << (8 - permission.ordinal());
    }
    return String.format("%04o", mode);
  }
}
