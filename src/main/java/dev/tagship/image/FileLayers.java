package dev.tagship.image;

import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.stream.Stream;

/**
 * A layer of files added to a daemonless build, as {@code COPY} makes one: each file under the
 * folder by its own name, folders recursively, and a file that is executable stays executable
 * (0755; others 0644, whatever the build machine's umask), so a launcher script can run.
 */
final class FileLayers {

  private static final FilePermissions EXECUTABLE = FilePermissions.fromOctalString("755");
  private static final FilePermissions READABLE = FilePermissions.fromOctalString("644");

  private FileLayers() {}

  static FileEntriesLayer keepingExecutableBits(List<Path> sources, AbsoluteUnixPath folder)
      throws IOException {
    FileEntriesLayer.Builder layer = FileEntriesLayer.builder();
    for (Path source : sources) {
      AbsoluteUnixPath target = folder.resolve(source.getFileName().toString());
      if (Files.isDirectory(source)) {
        try (Stream<Path> walk = Files.walk(source)) {
          for (Path path : walk.sorted().toList()) {
            if (Files.isRegularFile(path)) {
              layer.addEntry(
                  path, target.resolve(source.relativize(path).toString()), permissions(path));
            }
          }
        }
      } else {
        layer.addEntry(source, target, permissions(source));
      }
    }
    return layer.build();
  }

  private static FilePermissions permissions(Path file) throws IOException {
    return Files.getPosixFilePermissions(file).contains(PosixFilePermission.OWNER_EXECUTE)
        ? EXECUTABLE
        : READABLE;
  }
}
