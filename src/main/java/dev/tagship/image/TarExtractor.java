package dev.tagship.image;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/** Unpacks an image tarball (plain or gzip) into a folder, refusing entries that escape it. */
final class TarExtractor {

  private TarExtractor() {}

  static void extract(Path archive, Path into) {
    if (!Files.isRegularFile(archive)) {
      throw ImageException.usage("image archive " + archive + " does not exist or is not a file");
    }
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive));
        TarArchiveInputStream tar = new TarArchiveInputStream(maybeGunzip(raw))) {
      TarArchiveEntry entry;
      int entries = 0;
      while ((entry = tar.getNextEntry()) != null) {
        entries++;
        Path target = into.resolve(entry.getName()).normalize();
        if (!target.startsWith(into)) {
          throw ImageException.failure(
              "image archive " + archive + " has an entry outside its root: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else if (entry.isFile()) {
          Files.createDirectories(target.getParent());
          Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
        }
        // links and devices are not part of an image archive's own structure: skipped
      }
      if (entries == 0) {
        throw ImageException.failure(archive + " is not a tar archive (no entries found)");
      }
    } catch (IOException e) {
      throw ImageException.failure(
          "cannot read image archive "
              + archive
              + ": "
              + e.getMessage()
              + " (is it a tarball from docker save, Kaniko or skopeo?)",
          e);
    }
  }

  private static InputStream maybeGunzip(InputStream in) throws IOException {
    in.mark(2);
    int first = in.read();
    int second = in.read();
    in.reset();
    return first == 0x1f && second == 0x8b ? new GzipCompressorInputStream(in) : in;
  }
}
