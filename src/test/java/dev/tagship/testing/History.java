package dev.tagship.testing;

import java.util.Arrays;

/**
 * Builds a history from a short script, one operation a line, so ported scenarios read like the
 * histories they describe:
 *
 * <pre>
 * commit init @web/a,api/a     a commit touching those paths (default: a new file)
 * tag v1.0.0                   annotated tag on HEAD ("light 1.0.0" for a lightweight one)
 * branch hotfix [from REF]     create and check out a branch
 * checkout main                check out a branch, or a tag (detached)
 * merge hotfix                 merge into the current branch with a merge commit
 * </pre>
 *
 * Commit messages may contain {@code \n} for a newline.
 */
public final class History {

  private History() {}

  public static void apply(GitRepoFixture repo, String script) {
    for (String raw : script.strip().split("\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String op = line.split(" ", 2)[0];
      String rest = line.length() > op.length() ? line.substring(op.length() + 1).strip() : "";
      switch (op) {
        case "commit" -> commit(repo, rest);
        case "tag" -> repo.tag(rest);
        case "light" -> repo.lightweightTag(rest);
        case "branch" -> {
          String[] parts = rest.split(" from ");
          if (parts.length == 2) {
            repo.branch(parts[0].strip(), parts[1].strip());
          } else {
            repo.branch(rest);
          }
        }
        case "checkout" -> repo.checkout(rest);
        case "merge" -> repo.merge(rest, "Merge branch '" + rest + "'");
        default -> throw new IllegalArgumentException("unknown history operation: " + line);
      }
    }
  }

  private static void commit(GitRepoFixture repo, String rest) {
    int at = rest.lastIndexOf(" @");
    String message = (at < 0 ? rest : rest.substring(0, at)).replace("\\n", "\n");
    String[] paths = at < 0 ? new String[0] : rest.substring(at + 2).split(",");
    repo.commit(message, Arrays.stream(paths).map(String::strip).toArray(String[]::new));
  }
}
