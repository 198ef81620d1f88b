package dev.tagship.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every temporary folder of a tagship process lives in one folder named after the process ({@code
 * tagship-PID-STARTMILLIS} in the system's temporary folder, owner-only): deleted when the process
 * ends normally, and swept by the next tagship to start when the process was killed, since the
 * folders can hold scripts and secret files.
 */
public final class TempFolders {

  private static final Pattern OWNED = Pattern.compile("tagship-(\\d+)-(\\d+)");

  private static final String OWNER_ONLY = "rwx------";

  private TempFolders() {}

  /** A new owner-only folder for this process, named {@code prefix} and a random part. */
  public static Path create(String prefix) {
    try {
      return Files.createTempDirectory(
          ProcessRoot.get(),
          prefix,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(OWNER_ONLY)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary folder: " + e.getMessage(), e);
    }
  }

  /** Deletes {@code folder} and what is in it; a folder that cannot be deleted is left quietly. */
  public static void deleteQuietly(Path folder) {
    try {
      Folders.deleteRecursively(folder);
    } catch (IOException e) {
      // left for the sweep of the next tagship to start: it holds only this process's files
    }
  }

  /**
   * Deletes the folders of tagship processes that are gone (killed before they could clean up).
   *
   * @return how many were deleted
   */
  public static int sweepGoneProcesses() {
    return sweepGoneProcesses(Path.of(System.getProperty("java.io.tmpdir")));
  }

  static int sweepGoneProcesses(Path temporary) {
    int swept = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(temporary, "tagship-*-*")) {
      for (Path entry : entries) {
        Matcher owner = OWNED.matcher(entry.getFileName().toString());
        if (owner.matches()
            && Files.isDirectory(entry)
            && Files.isWritable(entry)
            && LocalProcesses.isGone(
                Long.parseLong(owner.group(1)),
                Instant.ofEpochMilli(Long.parseLong(owner.group(2))))) {
          deleteQuietly(entry);
          swept += Files.exists(entry) ? 0 : 1;
        }
      }
    } catch (IOException | RuntimeException e) {
      // sweeping is housekeeping: it never stops a command
    }
    return swept;
  }

  static String nameOf(ProcessHandle process) {
    long start = process.info().startInstant().orElse(Instant.EPOCH).toEpochMilli();
    return "tagship-" + process.pid() + "-" + start;
  }

  /** Made on first use, so that commands that need no temporary folder leave nothing behind. */
  private static final class ProcessRoot {
    private static final Path ROOT = create();

    static Path get() {
      return ROOT;
    }

    private static Path create() {
      Path root = Path.of(System.getProperty("java.io.tmpdir"), nameOf(ProcessHandle.current()));
      try {
        Files.createDirectories(
            root,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(OWNER_ONLY)));
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot create tagship's temporary folder " + root + ": " + e.getMessage(), e);
      }
      Runtime.getRuntime()
          .addShutdownHook(new Thread(() -> deleteQuietly(root), "tagship-temp-cleanup"));
      return root;
    }
  }
}
