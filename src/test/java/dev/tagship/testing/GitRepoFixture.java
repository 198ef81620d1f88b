package dev.tagship.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.MergeCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.URIish;

/**
 * A real git repository for a test: a bare remote and a working clone of it, made with JGit in a
 * temporary folder. Methods read like the history they build: {@code commit("feat: x",
 * "web/a.txt")}, {@code tag("v1.2.3")}, {@code branch("feature/x")}, {@code merge(...)}.
 */
public final class GitRepoFixture implements AutoCloseable {

  private final Path root;
  private final Path remote;
  private final Git git;
  private int counter;
  private long clock = 1_700_000_000L;

  private GitRepoFixture(Path root, Path remote, Git git) {
    this.root = root;
    this.remote = remote;
    this.git = git;
  }

  /** A bare remote {@code remote.git} and a clone of it in {@code work}, on branch main. */
  public static GitRepoFixture create(Path root) {
    try {
      Path remote = root.resolve("remote.git");
      Git.init()
          .setBare(true)
          .setDirectory(remote.toFile())
          .setInitialBranch("main")
          .call()
          .close();
      Path work = root.resolve("work");
      Git git = Git.init().setDirectory(work.toFile()).setInitialBranch("main").call();
      git.remoteAdd().setName("origin").setUri(new URIish(remote.toUri().toString())).call();
      var config = git.getRepository().getConfig();
      config.setString("user", null, "name", "Test Builder");
      config.setString("user", null, "email", "builder@example.test");
      config.save();
      return new GitRepoFixture(root, remote, git);
    } catch (GitAPIException | IOException | java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public Path workTree() {
    return git.getRepository().getWorkTree().toPath();
  }

  public Path remotePath() {
    return remote;
  }

  public Path root() {
    return root;
  }

  public Git git() {
    return git;
  }

  /** Commits a change to each of {@code paths} (a new file per path if needed). */
  public RevCommit commit(String message, String... paths) {
    try {
      // One new file per commit by default, so branches merge without conflicts.
      List<String> files =
          paths.length == 0 ? List.of("changes/" + (counter + 1) + ".txt") : List.of(paths);
      for (String path : files) {
        Path file = workTree().resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, message + " " + (++counter) + "\n", StandardCharsets.UTF_8);
        git.add().addFilepattern(path).call();
      }
      PersonIdent who =
          new PersonIdent(
              "Test Builder", "builder@example.test", nextTime(), java.time.ZoneOffset.UTC);
      return git.commit().setMessage(message).setAuthor(who).setCommitter(who).call();
    } catch (GitAPIException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An annotated tag on HEAD. */
  public void tag(String name) {
    tag(name, head());
  }

  public void tag(String name, RevCommit commit) {
    try {
      git.tag().setName(name).setObjectId(commit).setAnnotated(true).setMessage(name).call();
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  public void lightweightTag(String name) {
    try {
      git.tag().setName(name).setAnnotated(false).call();
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Creates branch {@code name} at HEAD and checks it out. */
  public void branch(String name) {
    try {
      git.checkout().setCreateBranch(true).setName(name).call();
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Creates branch {@code name} at {@code startPoint} (a ref, tag or revision) and checks it out.
   */
  public void branch(String name, String startPoint) {
    try {
      git.checkout().setCreateBranch(true).setName(name).setStartPoint(startPoint).call();
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  public void checkout(String name) {
    try {
      git.checkout().setName(name).call();
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Checks out HEAD's commit detached, as Jenkins does. */
  public void detach() {
    checkout(head().name());
  }

  /** Merges {@code branch} into the current branch with a merge commit. */
  public RevCommit merge(String branch, String message) {
    try {
      Ref ref = git.getRepository().findRef(branch);
      var result =
          git.merge()
              .include(ref)
              .setFastForward(MergeCommand.FastForwardMode.NO_FF)
              .setMessage(message)
              .call();
      if (!result.getMergeStatus().isSuccessful()) {
        throw new IllegalStateException("merge of " + branch + " failed: " + result);
      }
      return head();
    } catch (GitAPIException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public RevCommit head() {
    try (var walk = new org.eclipse.jgit.revwalk.RevWalk(git.getRepository())) {
      return walk.parseCommit(git.getRepository().resolve(Constants.HEAD));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Pushes every branch and tag to the remote. */
  public void pushAll() {
    try {
      git.push()
          .setRemote("origin")
          .setRefSpecs(
              new RefSpec("refs/heads/*:refs/heads/*"), new RefSpec("refs/tags/*:refs/tags/*"))
          .call();
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A new clone of the remote in {@code name}; depth 0 is a full clone. */
  public Path cloneRemote(String name, int depth, boolean withTags) {
    Path dir = root.resolve(name);
    try {
      var clone =
          Git.cloneRepository()
              .setURI(remote.toUri().toString())
              .setDirectory(dir.toFile())
              .setBranch("main")
              .setNoTags();
      if (withTags) {
        clone.setTagOption(org.eclipse.jgit.transport.TagOpt.FETCH_TAGS);
      }
      if (depth > 0) {
        clone.setDepth(depth);
      }
      try (Git cloned = clone.call()) {
        var config = cloned.getRepository().getConfig();
        config.setString("user", null, "name", "Test Builder");
        config.setString("user", null, "email", "builder@example.test");
        config.save();
      }
      return dir;
    } catch (GitAPIException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Tag name → commit the tag points at, in the remote. */
  public Map<String, ObjectId> remoteTags() {
    return tagsOf(remote);
  }

  /** Tag name → commit the tag points at, in the working clone. */
  public Map<String, ObjectId> localTags() {
    return tagsOf(workTree());
  }

  /** Tag name → commit, for any repository folder (work tree or bare). */
  public static Map<String, ObjectId> tagsOf(Path repositoryDir) {
    try (Git other = Git.open(repositoryDir.toFile())) {
      Repository repository = other.getRepository();
      Map<String, ObjectId> tags = new TreeMap<>();
      for (Ref ref : repository.getRefDatabase().getRefsByPrefix(Constants.R_TAGS)) {
        Ref peeled = repository.getRefDatabase().peel(ref);
        ObjectId target =
            peeled.getPeeledObjectId() != null ? peeled.getPeeledObjectId() : peeled.getObjectId();
        tags.put(ref.getName().substring(Constants.R_TAGS.length()), target);
      }
      return tags;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every ref of a repository with its id: a snapshot to prove nothing changed. */
  public static Map<String, ObjectId> refsOf(Path repositoryDir) {
    try (Git other = Git.open(repositoryDir.toFile())) {
      Map<String, ObjectId> refs = new TreeMap<>();
      for (Ref ref : other.getRepository().getRefDatabase().getRefs()) {
        refs.put(ref.getName(), ref.getObjectId());
      }
      return refs;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The full message of an annotated tag. */
  public static String tagMessage(Path repositoryDir, String tagName) {
    try (Git other = Git.open(repositoryDir.toFile());
        var walk = new org.eclipse.jgit.revwalk.RevWalk(other.getRepository())) {
      Ref ref = other.getRepository().exactRef(Constants.R_TAGS + tagName);
      return walk.parseTag(ref.getObjectId()).getFullMessage();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private java.time.Instant nextTime() {
    clock += 60;
    return java.time.Instant.ofEpochSecond(clock);
  }

  public List<String> log() {
    try {
      List<String> messages = new ArrayList<>();
      for (RevCommit commit : git.log().call()) {
        messages.add(commit.getShortMessage());
      }
      return messages;
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    git.close();
  }
}
