package dev.tagship.version;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Credentials from a file in git's credential-store format ({@code ~/.git-credentials}): one {@code
 * https://user:password@host[/path]} per line, the most specific match winning.
 */
final class CredentialsFile {

  private CredentialsFile() {}

  /** The credentials for {@code remoteUrl}, or null when the file has none for its host. */
  static GitCredentials lookup(Path file, String remoteUrl) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw VersionException.failure(
          "cannot read the git credentials file " + file + ": " + e.getMessage(), e);
    }
    URI remote = parse(remoteUrl);
    if (remote == null || remote.getHost() == null) {
      return null;
    }
    GitCredentials best = null;
    int bestPathLength = -1;
    for (String line : lines) {
      URI entry = parse(line.trim());
      if (entry == null || entry.getRawUserInfo() == null || !sameServer(entry, remote)) {
        continue;
      }
      String path = entry.getPath() == null ? "" : entry.getPath();
      String remotePath = remote.getPath() == null ? "" : remote.getPath();
      if (!path.isEmpty() && !path.equals("/") && !remotePath.startsWith(path)) {
        continue;
      }
      if (path.length() > bestPathLength) {
        String[] userInfo = entry.getRawUserInfo().split(":", 2);
        if (userInfo.length == 2) {
          best = new GitCredentials(decode(userInfo[0]), decode(userInfo[1]));
          bestPathLength = path.length();
        }
      }
    }
    return best;
  }

  private static boolean sameServer(URI a, URI b) {
    return a.getScheme() != null
        && a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost() != null
        && a.getHost().equalsIgnoreCase(b.getHost())
        && a.getPort() == b.getPort();
  }

  private static URI parse(String text) {
    try {
      return text.isEmpty() ? null : new URI(text);
    } catch (URISyntaxException e) {
      return null; // not a URL line: git itself skips such lines too
    }
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }
}
