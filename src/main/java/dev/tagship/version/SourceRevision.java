package dev.tagship.version;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.URIish;

/**
 * The commit a build is made from and where its source lives, for the {@code
 * org.opencontainers.image.revision} and {@code .source} labels of the image. The source URL never
 * carries credentials.
 */
public record SourceRevision(String commit, String sourceUrl) {

  /** The revision of the clone {@code dir} is in; empty outside a git repository. */
  public static Optional<SourceRevision> read(Path dir) {
    FileRepositoryBuilder builder =
        new FileRepositoryBuilder().findGitDir(dir.toAbsolutePath().toFile());
    if (builder.getGitDir() == null) {
      return Optional.empty();
    }
    try (Repository repository = builder.build()) {
      ObjectId head = repository.resolve(Constants.HEAD);
      if (head == null) {
        return Optional.empty();
      }
      String url = repository.getConfig().getString("remote", VersionRequest.DEFAULT_REMOTE, "url");
      return Optional.of(
          new SourceRevision(head.name(), url == null ? null : withoutCredentials(url)));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static String withoutCredentials(String url) {
    try {
      URIish uri = new URIish(url);
      return uri.setPass(null)
          .setUser(
              uri.getScheme() != null && uri.getScheme().startsWith("http") ? null : uri.getUser())
          .toString();
    } catch (URISyntaxException e) {
      return url.replaceAll("://[^@/]*@", "://");
    }
  }
}
