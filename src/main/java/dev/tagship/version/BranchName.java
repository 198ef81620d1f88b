package dev.tagship.version;

import java.io.IOException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;

/**
 * The branch being built: the checked-out branch, or for the detached HEAD that Jenkins and other
 * CI check out, the name the CI put in the environment.
 */
final class BranchName {

  private BranchName() {}

  /** The branch name, or null when HEAD is detached and the request names none. */
  static String of(Repository repository, VersionRequest request) throws IOException {
    String full = repository.getFullBranch();
    if (full != null && full.startsWith(Constants.R_HEADS)) {
      return full.substring(Constants.R_HEADS.length());
    }
    return request.branch() == null ? null : strip(request.branch(), request.remote());
  }

  /** {@code origin/main}, {@code refs/remotes/origin/main} and {@code refs/heads/main} → main. */
  private static String strip(String branch, String remote) {
    String name = branch;
    for (String prefix :
        new String[] {Constants.R_HEADS, Constants.R_REMOTES + remote + "/", remote + "/"}) {
      if (name.startsWith(prefix)) {
        name = name.substring(prefix.length());
      }
    }
    return name;
  }
}
