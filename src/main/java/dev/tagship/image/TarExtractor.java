package dev.tagship.image;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Unpacks an image tarball (plain or gzip) into a folder, checking it as it streams: entries that
 * escape the folder, sparse entries and an expansion past {@link #MAX_EXPANSION} times the
 * archive's size are refused before they are written, and a blob ({@code blobs/sha256/<hex>}) whose
 * content does not have its name's digest is refused as soon as it is read.
 */
final class TarExtractor {

  /**
   * How many times its own size an archive may expand to. Neither Docker ({@code docker load}) nor
   * containers/image (skopeo's docker-archive and oci-archive) bound decompression; both only cap
   * the JSON they read into memory. tagship writes what it unpacks to the temp folder, so it bounds
   * it: image tarballs are made of layers that are gzipped already (ratio about 1) or of tar files
   * that gzip 2 to 5 times; deflate can reach about 1,032 times, which is what a bomb uses. 100
   * times leaves a real image twenty times the room it needs and stops a 1 MB bomb at 100 MB
   * instead of 1 GB.
   */
  static final long MAX_EXPANSION = 100;

  /** Small archives may always expand this far, whatever their ratio (tar headers and padding). */
  static final long EXPANSION_ALLOWANCE = 16L << 20;

  private static final Pattern BLOB = Pattern.compile("blobs/(sha256|sha512)/([a-f0-9]+)");

  private TarExtractor() {}

  static void extract(Path archive, Path into) {
    if (!Files.isRegularFile(archive)) {
      throw ImageException.usage("image archive " + archive + " does not exist or is not a file");
    }
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive));
        TarArchiveInputStream tar = new TarArchiveInputStream(maybeGunzip(raw))) {
      long archiveSize = Files.size(archive);
      long limit =
          Math.max(
              archiveSize > Long.MAX_VALUE / MAX_EXPANSION
                  ? Long.MAX_VALUE
                  : archiveSize * MAX_EXPANSION,
              EXPANSION_ALLOWANCE);
      TarArchiveEntry entry;
      int entries = 0;
      while ((entry = tar.getNextEntry()) != null) {
        entries++;
        Path target = into.resolve(entry.getName()).normalize();
        if (!target.startsWith(into)) {
          throw ImageException.failure(
              "image archive " + archive + " has an entry outside its root: " + entry.getName());
        }
        if (entry.isSparse()) {
          throw ImageException.failure(
              "image archive "
                  + archive
                  + " has a sparse entry, "
                  + entry.getName()
                  + ", which image tools never write; it is refused");
        }
        // The header gives the entry's size before any of it is written: the check is exact.
        long expanded = tar.getBytesRead() + entry.getSize();
        if (expanded > limit) {
          throw ImageException.failure(
              "image archive "
                  + archive
                  + " expands to more than "
                  + Sizes.human(limit)
                  + " at its entry "
                  + entry.getName()
                  + " ("
                  + Sizes.human(entry.getSize())
                  + "): over "
                  + MAX_EXPANSION
                  + " times its own "
                  + Sizes.human(archiveSize)
                  + ", as a decompression bomb does. Nothing was pushed; if the image really"
                  + " compresses that well, give the archive uncompressed");
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else if (entry.isFile()) {
          Files.createDirectories(target.getParent());
          write(tar, target, into.relativize(target).toString().replace('\\', '/'), archive);
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

  /** Writes one entry; a blob is hashed on the way and refused unless its name is its digest. */
  private static void write(InputStream entry, Path target, String name, Path archive)
      throws IOException {
    Matcher blob = BLOB.matcher(name);
    if (!blob.matches()) {
      copy(entry, target);
      return;
    }
    ContentDigest expected =
        ContentDigest.parse(blob.group(1) + ":" + blob.group(2), "image archive " + archive);
    MessageDigest hasher = expected.newHasher();
    copy(new DigestInputStream(entry, hasher), target);
    String actual = expected.of(hasher);
    if (!actual.equals(expected.toString())) {
      throw ImageException.failure(
          "image archive "
              + archive
              + " is damaged: its entry "
              + name
              + " has the digest "
              + actual
              + ", not "
              + expected
              + "; nothing was pushed");
    }
  }

  private static void copy(InputStream in, Path target) throws IOException {
    try (OutputStream out = Files.newOutputStream(target)) {
      in.transferTo(out);
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
