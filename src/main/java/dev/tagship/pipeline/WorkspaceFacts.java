package dev.tagship.pipeline;

import dev.tagship.pipeline.runtime.ChangeSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.io.DisabledOutputStream;

/**
 * What Jenkins' git plugin would tell a build about its workspace, read from the local clone:
 * {@code BRANCH_NAME}, {@code GIT_COMMIT}, {@code GIT_BRANCH}, and the change set (files and
 * messages of the commits since {@code since}, or of HEAD alone).
 */
public record WorkspaceFacts(Map<String, String> variables, ChangeSet changes) {

  public static WorkspaceFacts read(Path workspace, String since) {
    FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(workspace.toFile());
    if (builder.getGitDir() == null) {
      return new WorkspaceFacts(Map.of(), ChangeSet.empty());
    }
    try (Repository repository = builder.build();
        RevWalk walk = new RevWalk(repository)) {
      ObjectId head = repository.resolve("HEAD");
      if (head == null) {
        return new WorkspaceFacts(Map.of(), ChangeSet.empty());
      }
      Map<String, String> variables = new LinkedHashMap<>();
      variables.put("GIT_COMMIT", head.name());
      String branch = repository.getBranch();
      if (branch != null && !ObjectId.isId(branch)) {
        variables.put("BRANCH_NAME", branch);
        variables.put("GIT_BRANCH", branch);
      }
      RevCommit headCommit = walk.parseCommit(head);
      ObjectId base = since == null ? null : repository.resolve(since + "^{commit}");
      return new WorkspaceFacts(variables, changes(repository, walk, headCommit, base));
    } catch (IOException e) {
      return new WorkspaceFacts(Map.of(), ChangeSet.empty());
    }
  }

  private static ChangeSet changes(
      Repository repository, RevWalk walk, RevCommit head, ObjectId base) throws IOException {
    List<String> messages = new ArrayList<>();
    List<String> files = new ArrayList<>();
    walk.markStart(head);
    if (base != null) {
      walk.markUninteresting(walk.parseCommit(base));
    }
    try (DiffFormatter diff = new DiffFormatter(DisabledOutputStream.INSTANCE)) {
      diff.setRepository(repository);
      int count = 0;
      for (RevCommit commit : walk) {
        messages.add(commit.getFullMessage());
        RevCommit parent =
            commit.getParentCount() == 0 ? null : walk.parseCommit(commit.getParent(0));
        for (DiffEntry entry :
            diff.scan(parent == null ? null : parent.getTree(), commit.getTree())) {
          String path =
              entry.getChangeType() == DiffEntry.ChangeType.DELETE
                  ? entry.getOldPath()
                  : entry.getNewPath();
          if (!files.contains(path)) {
            files.add(path);
          }
        }
        if (base == null || ++count >= 1000) {
          break;
        }
      }
    }
    return new ChangeSet(files, messages);
  }
}
