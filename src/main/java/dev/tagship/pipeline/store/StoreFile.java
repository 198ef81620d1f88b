package dev.tagship.pipeline.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The store's file on disk. It holds every run's log, so it is the owner's alone (0600 in a 0700
 * folder). A new store appears whole: it is made under a temporary name and linked into place, so
 * an empty file at the store's path can only mean one that was truncated, which is never silently
 * started again.
 */
final class StoreFile {

  private static final Set<PosixFilePermission> OWNER_ONLY_FILE =
      PosixFilePermissions.fromString("rw-------");
  private static final String OWNER_ONLY_FOLDER = "rwx------";

  private StoreFile() {}

  /**
   * Makes sure {@code file} is a store tagship may open: creates it (and its folder) when missing
   * with {@code initialize} run on the new file first, and tightens its permissions.
   */
  static void prepare(Path file, Initializer initialize) {
    Path folder = file.getParent();
    try {
      if (!Files.isDirectory(folder)) {
        Files.createDirectories(
            folder,
            PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString(OWNER_ONLY_FOLDER)));
      }
      if (Files.isDirectory(file)) {
        throw new StoreUnusableException(
            "the run store "
                + file
                + " is a folder: give --store (or TAGSHIP_HOME) the path of a file, such as "
                + file.resolve("runs.db"),
            null);
      }
      if (Files.exists(file) && !Files.isWritable(file)) {
        throw new StoreUnusableException(
            "the run store "
                + file
                + " is read-only for you, and every run is recorded in it: give it back write"
                + " access (chmod u+w "
                + file
                + ") or use another --store",
            null);
      }
      if (!Files.exists(file)) {
        create(file, initialize);
      } else if (Files.isRegularFile(file) && Files.size(file) == 0) {
        throw new StoreUnusableException(
            "the run store "
                + file
                + " is empty (0 bytes): it was truncated, so its history is gone. tagship does not"
                + " start it again in place: restore it from a backup, or move it aside (mv "
                + file
                + " "
                + file
                + ".empty) and run again to begin a new history",
            null);
      }
      tighten(file);
    } catch (IOException e) {
      throw new StoreUnusableException(
          "cannot prepare the run store " + file + ": " + e.getMessage(), e);
    }
  }

  private static void create(Path file, Initializer initialize) throws IOException {
    Path partial =
        Files.createTempFile(
            file.getParent(),
            "." + file.getFileName() + "-",
            ".new",
            PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
    try {
      initialize.accept(partial);
      Files.createLink(file, partial);
    } catch (FileAlreadyExistsException another) {
      // another process made the store first: theirs is as good as ours
    } finally {
      Files.deleteIfExists(partial);
      Files.deleteIfExists(Path.of(partial + "-wal"));
      Files.deleteIfExists(Path.of(partial + "-shm"));
    }
  }

  /**
   * Stores made before tagship kept them private; SQLite gives its side files the same mode. Only
   * others' rights are taken away: a store its owner made read-only stays read-only.
   */
  private static void tighten(Path file) {
    try {
      Set<PosixFilePermission> current = Files.getPosixFilePermissions(file);
      Set<PosixFilePermission> owners = EnumSet.noneOf(PosixFilePermission.class);
      owners.addAll(current);
      owners.retainAll(OWNER_ONLY_FILE);
      if (!owners.equals(current)) {
        Files.setPosixFilePermissions(file, owners);
      }
    } catch (UnsupportedOperationException | IOException notOurs) {
      // a file system without POSIX modes, or a store another user shares with us on purpose,
      // keeps the access rules its owner gave it
    }
  }

  /** Lays out a new, empty store in a file. */
  @FunctionalInterface
  interface Initializer {
    void accept(Path file) throws IOException;
  }
}
