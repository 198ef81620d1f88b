package dev.tagship.pipeline;

import dev.tagship.core.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Jenkins' Groovy (groovy-all 2.4.21), which the build nests in tagship's jar as a resource, copied
 * once to the cache folder so a class loader can open it. The copy is checked against the jar's
 * SHA-256 before it is moved into place in one step, so a crash or a concurrent run never leaves a
 * half-written jar; later runs check its size only, which costs a stat instead of hashing 7 MB.
 */
final class JenkinsGroovyJar {

  static final String VERSION = "2.4.21";
  private static final String RESOURCE = "groovy-all-" + VERSION + ".jar";

  /**
   * groovy-all-2.4.21.jar on Maven Central (its SHA-1 is 8e4f4c30dbb9123fbf703f256cd721bbac5c902a).
   */
  private static final String SHA256 =
      "de65260cf2070442e99882f2f3d72e7531725c1e6a257446cc0cea525c607bd0";

  private static final long SIZE = 7_203_079L;

  private JenkinsGroovyJar() {}

  /** The jar in {@code cacheDirectory}, copied there first when it is not yet. */
  static Path in(Path cacheDirectory) {
    Path jar =
        cacheDirectory
            .resolve("jenkins-groovy")
            .resolve("groovy-all-" + VERSION + "-" + SHA256.substring(0, 12) + ".jar");
    try {
      if (Files.isRegularFile(jar) && Files.size(jar) == SIZE) {
        return jar;
      }
      copyTo(jar);
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot put Jenkins' Groovy into the cache folder "
              + cacheDirectory
              + " (TAGSHIP_CACHE chooses another): "
              + e.getMessage(),
          e);
    }
  }

  private static void copyTo(Path jar) throws IOException {
    Files.createDirectories(jar.getParent());
    Path partial = Files.createTempFile(jar.getParent(), ".groovy-all-", ".partial");
    try {
      MessageDigest sha256 = sha256();
      try (InputStream in = JenkinsGroovyJar.class.getResourceAsStream(RESOURCE);
          OutputStream out = new DigestOutputStream(Files.newOutputStream(partial), sha256)) {
        if (in == null) {
          throw new IllegalStateException(
              "this tagship was built without Jenkins' Groovy ("
                  + RESOURCE
                  + " is not among its resources); build it with mvn package");
        }
        in.transferTo(out);
      }
      String actual = HexFormat.of().formatHex(sha256.digest());
      if (Files.size(partial) != SIZE || !actual.equals(SHA256)) {
        throw new IllegalStateException(
            RESOURCE + " inside tagship is damaged: SHA-256 " + actual + ", expected " + SHA256);
      }
      if (Files.getFileStore(partial).supportsFileAttributeView("posix")) {
        Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-r--r--"));
      }
      move(partial, jar);
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static MessageDigest sha256() {
    return Sha256.digest();
  }
}
