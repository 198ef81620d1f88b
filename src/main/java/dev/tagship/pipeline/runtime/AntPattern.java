package dev.tagship.pipeline.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Ant-style file patterns as Jenkins steps take them ({@code **}/{@code *.xml}, comma-separated
 * lists): {@code **} crosses folders, {@code *} and {@code ?} do not.
 */
public final class AntPattern {

  private final List<Pattern> includes;

  private AntPattern(List<Pattern> includes) {
    this.includes = includes;
  }

  /**
   * @param patterns comma-separated, as in {@code archiveArtifacts 'a/*.jar, b/**'}
   */
  /**
   * Ant's default excludes, which Jenkins' file selections (stash, archiveArtifacts, findFiles)
   * apply unless told not to: version-control folders and editor leftovers.
   */
  public static final String DEFAULT_EXCLUDES =
      "**/*~,**/#*#,**/.#*,**/%*%,**/._*,**/CVS,**/CVS/**,**/.cvsignore,**/SCCS,**/SCCS/**,"
          + "**/vssver.scc,**/.svn,**/.svn/**,**/.DS_Store,**/.git,**/.git/**,**/.gitattributes,"
          + "**/.gitignore,**/.gitmodules,**/.hg,**/.hg/**,**/.hgignore,**/.hgsub,**/.hgsubstate,"
          + "**/.hgtags,**/.bzr,**/.bzr/**,**/.bzrignore";

  /**
   * The user's excludes (may be null) plus, when {@code defaults} holds, Ant's default excludes.
   *
   * @return null when nothing is excluded
   */
  public static AntPattern excludes(String patterns, boolean defaults, boolean caseSensitive) {
    String all =
        defaults
            ? (patterns == null || patterns.isBlank() ? "" : patterns + ",") + DEFAULT_EXCLUDES
            : patterns;
    return all == null || all.isBlank() ? null : of(all, caseSensitive);
  }

  public static AntPattern of(String patterns, boolean caseSensitive) {
    List<Pattern> compiled = new ArrayList<>();
    for (String pattern : Arrays.stream(patterns.split(",")).map(String::trim).toList()) {
      if (!pattern.isEmpty()) {
        String normalised = pattern.endsWith("/") ? pattern + "**" : pattern;
        compiled.add(
            Pattern.compile(regex(normalised), caseSensitive ? 0 : Pattern.CASE_INSENSITIVE));
      }
    }
    return new AntPattern(List.copyOf(compiled));
  }

  public boolean matches(String relativePath) {
    String path = relativePath.replace('\\', '/');
    return includes.stream().anyMatch(p -> p.matcher(path).matches());
  }

  /** The regular files under {@code root} matching, as paths relative to it, sorted. */
  public List<String> files(Path root, AntPattern excludes) throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile)
          .map(file -> root.relativize(file).toString().replace('\\', '/'))
          .filter(this::matches)
          .filter(relative -> excludes == null || !excludes.matches(relative))
          .sorted()
          .toList();
    }
  }

  static String regex(String glob) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
        i++;
        if (i + 1 < glob.length() && glob.charAt(i + 1) == '/') {
          i++;
          regex.append("(?:.*/)?");
        } else {
          regex.append(".*");
        }
      } else if (c == '*') {
        regex.append("[^/]*");
      } else if (c == '?') {
        regex.append("[^/]");
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return regex.toString();
  }
}
