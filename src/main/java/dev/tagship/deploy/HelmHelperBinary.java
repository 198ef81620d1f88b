package dev.tagship.deploy;

import dev.tagship.core.Sha256;
import dev.tagship.image.CacheDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Finds {@code tagship-helm}, Helm's own rollback built from {@code src/main/go/helm} for this
 * platform, among tagship's classes: used in place when the classes are a folder, else copied once
 * out of the jar into {@code <tagship cache>/helm/<sha256>/} (checked against the digest built
 * beside it), since a program inside a jar cannot be started.
 */
final class HelmHelperBinary {

  static final String NAME = "tagship-helm";

  private static volatile Path located;

  private HelmHelperBinary() {}

  /** The executable for this machine; a {@link DeployException} saying why when there is none. */
  static Path path() {
    Path path = located;
    if (path == null) {
      synchronized (HelmHelperBinary.class) {
        if (located == null) {
          located = locate(platform());
        }
        path = located;
      }
    }
    return path;
  }

  /** This machine as Go names platforms: linux-amd64, linux-arm64, darwin-arm64... */
  static String platform() {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    String goOs =
        os.startsWith("linux") ? "linux" : os.startsWith("mac") ? "darwin" : os.replace(' ', '-');
    String goArch =
        switch (arch) {
          case "amd64", "x86_64" -> "amd64";
          case "aarch64", "arm64" -> "arm64";
          default -> arch;
        };
    return goOs + "-" + goArch;
  }

  private static Path locate(String platform) {
    String resource = "helm/" + platform + "/" + NAME;
    URL binary = HelmHelperBinary.class.getResource(resource);
    URL digest = HelmHelperBinary.class.getResource(resource + ".sha256");
    if (binary == null || digest == null) {
      throw DeployException.failure(
          "this tagship has no Helm rollback program for "
              + platform
              + " (dev/tagship/deploy/"
              + resource
              + "): build tagship on this platform with Go installed (mvn package builds"
              + " src/main/go/helm), or use a distribution built for "
              + platform,
          null);
    }
    try {
      if ("file".equals(binary.getProtocol())) {
        return Path.of(binary.toURI());
      }
      String sha256 = read(digest).trim();
      return extract(binary, sha256, cacheFolder().resolve(sha256));
    } catch (IOException | URISyntaxException e) {
      throw DeployException.failure("cannot prepare Helm's rollback program: " + e.getMessage(), e);
    }
  }

  /** Copies {@code binary} to {@code folder} once, refusing a copy whose digest differs. */
  static Path extract(URL binary, String sha256, Path folder) throws IOException {
    Path target = folder.resolve(NAME);
    if (Files.isExecutable(target)) {
      return target;
    }
    Files.createDirectories(folder);
    Path partial = Files.createTempFile(folder, NAME, ".partial");
    try {
      MessageDigest digest = Sha256.digest();
      try (InputStream in = binary.openStream();
          OutputStream out = new DigestOutputStream(Files.newOutputStream(partial), digest)) {
        in.transferTo(out);
      }
      String actual = HexFormat.of().formatHex(digest.digest());
      if (!actual.equals(sha256)) {
        throw new IOException(
            "the copy of " + NAME + " has sha256 " + actual + ", its build recorded " + sha256);
      }
      Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rwx------"));
      try {
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
      }
      return target;
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  /** tagship's cache folder (see {@link CacheDirectory}), else the temporary folder. */
  private static Path cacheFolder() {
    Path cache = CacheDirectory.of(System.getenv());
    return (cache == null ? Path.of(System.getProperty("java.io.tmpdir"), "tagship") : cache)
        .resolve("helm");
  }

  private static String read(URL url) {
    try (InputStream in = url.openStream()) {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
