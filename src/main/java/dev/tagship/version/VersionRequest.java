package dev.tagship.version;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What to version and what to do with the version. Validated here, so a request that exists is a
 * request that makes sense; the caller (CLI, pipeline step) supplies what it read from the
 * environment: the branch name of a detached checkout, the build URL, credentials.
 *
 * @param repository any folder inside the git work tree
 * @param component mono-repo component whose tags count ({@code web} reads {@code web/v1.2.3});
 *     null for the whole repository
 * @param paths files of the component, relative to the work tree root; empty means all
 * @param tagPrefix text before the version in tag names; null derives {@code v} or {@code
 *     <component>/v}
 * @param releaseBranch regular expression of branches that release; others get pre-releases
 * @param tag create an annotated tag for a new version
 * @param push push that tag (implies {@code tag})
 * @param branch branch name from the environment, used when HEAD is detached
 * @param buildUrl written into the tag message when known
 * @param credentials for https remotes; null when none are needed
 * @param credentialsFile a git credential-store file to look the remote's credentials up in
 * @param fetch whether to sync tags (and missing history) from the remote first
 */
public record VersionRequest(
    Path repository,
    String component,
    List<String> paths,
    String tagPrefix,
    BumpStrategy bump,
    SemVer initial,
    String releaseBranch,
    boolean tag,
    boolean push,
    String remote,
    String branch,
    String buildUrl,
    GitCredentials credentials,
    Path credentialsFile,
    boolean fetch) {

  public static final String DEFAULT_RELEASE_BRANCH = "main|master";
  public static final SemVer DEFAULT_INITIAL = SemVer.of(0, 1, 0);
  public static final String DEFAULT_REMOTE = "origin";

  public VersionRequest {
    if (repository == null) {
      throw VersionException.usage("a repository folder is required");
    }
    component = absentWhenBlank(component);
    if (component != null) {
      TagNamePart.check("component", "--component, component", component, component + "/v1.0.0");
    }
    tagPrefix = absentWhenBlank(tagPrefix);
    if (tagPrefix != null) {
      TagNamePart.check("tag prefix", "--tag-prefix, tagPrefix", tagPrefix, tagPrefix + "1.0.0");
    }
    paths = normalizePaths(paths == null ? List.of() : paths);
    bump = bump == null ? BumpStrategy.PATCH : bump;
    initial = initial == null ? DEFAULT_INITIAL : initial;
    releaseBranch = blankToNull(releaseBranch) == null ? DEFAULT_RELEASE_BRANCH : releaseBranch;
    try {
      Pattern.compile(releaseBranch);
    } catch (PatternSyntaxException e) {
      throw VersionException.usage(
          "release branch pattern '"
              + releaseBranch
              + "' is not a regular expression: "
              + e.getDescription());
    }
    tag = tag || push;
    remote = blankToNull(remote) == null ? DEFAULT_REMOTE : remote;
    branch = blankToNull(branch);
    buildUrl = blankToNull(buildUrl);
  }

  public static Builder builder(Path repository) {
    return new Builder(repository);
  }

  Pattern releaseBranchPattern() {
    return Pattern.compile(releaseBranch);
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.trim();
  }

  /**
   * Null for a value not given (null or only spaces); anything else exactly as given, so a space or
   * control character around a prefix is refused rather than silently dropped.
   */
  private static String absentWhenBlank(String text) {
    return text == null || text.isBlank() ? null : text;
  }

  private static List<String> normalizePaths(List<String> raw) {
    List<String> normalized = new ArrayList<>();
    for (String path : raw) {
      String p = path == null ? "" : path.trim().replace('\\', '/');
      while (p.startsWith("./")) {
        p = p.substring(2);
      }
      while (p.endsWith("/")) {
        p = p.substring(0, p.length() - 1);
      }
      if (p.isEmpty() || p.equals(".")) {
        continue; // the whole repository: no filter
      }
      if (p.startsWith("/") || p.equals("..") || p.startsWith("../") || p.contains("/../")) {
        throw VersionException.usage(
            "path '" + path + "' must be relative to the repository root and stay inside it");
      }
      normalized.add(p);
    }
    return List.copyOf(normalized);
  }

  /** Builds a request field by field; {@link #build()} validates. */
  public static final class Builder {
    private final Path repository;
    private String component;
    private List<String> paths = List.of();
    private String tagPrefix;
    private BumpStrategy bump;
    private SemVer initial;
    private String releaseBranch;
    private boolean tag;
    private boolean push;
    private String remote;
    private String branch;
    private String buildUrl;
    private GitCredentials credentials;
    private Path credentialsFile;
    private boolean fetch = true;

    private Builder(Path repository) {
      this.repository = repository;
    }

    public Builder component(String value) {
      component = value;
      return this;
    }

    public Builder paths(List<String> value) {
      paths = value;
      return this;
    }

    public Builder tagPrefix(String value) {
      tagPrefix = value;
      return this;
    }

    public Builder bump(BumpStrategy value) {
      bump = value;
      return this;
    }

    public Builder initial(SemVer value) {
      initial = value;
      return this;
    }

    public Builder releaseBranch(String value) {
      releaseBranch = value;
      return this;
    }

    public Builder tag(boolean value) {
      tag = value;
      return this;
    }

    public Builder push(boolean value) {
      push = value;
      return this;
    }

    public Builder remote(String value) {
      remote = value;
      return this;
    }

    public Builder branch(String value) {
      branch = value;
      return this;
    }

    public Builder buildUrl(String value) {
      buildUrl = value;
      return this;
    }

    public Builder credentials(GitCredentials value) {
      credentials = value;
      return this;
    }

    public Builder credentialsFile(Path value) {
      credentialsFile = value;
      return this;
    }

    public Builder fetch(boolean value) {
      fetch = value;
      return this;
    }

    public VersionRequest build() {
      return new VersionRequest(
          repository,
          component,
          paths,
          tagPrefix,
          bump,
          initial,
          releaseBranch,
          tag,
          push,
          remote,
          branch,
          buildUrl,
          credentials,
          credentialsFile,
          fetch);
    }
  }
}
