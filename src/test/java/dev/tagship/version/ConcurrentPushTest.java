package dev.tagship.version;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tagship.testing.GitRepoFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds in separate processes, each on its own clone and commit, run {@code tagship version
 * --push} at the same moment against one remote: every build must get its own version, every tag
 * must point at the commit of the build that claimed it, and no existing tag may move.
 */
class ConcurrentPushTest {

  private static final int BUILDS = 3;
  private static final int ROUNDS = 2;

  @TempDir Path temp;

  @Test
  void racingBuildsNeverShareAVersionAndNeverMoveATag() throws Exception {
    try (GitRepoFixture repo = GitRepoFixture.create(temp)) {
      repo.commit("first");
      repo.tag("v1.0.0");
      repo.pushAll();
      Map<String, ObjectId> published = repo.remoteTags();
      List<String> versions = new ArrayList<>();

      for (int round = 0; round < ROUNDS; round++) {
        List<Path> clones = new ArrayList<>();
        List<ObjectId> commits = new ArrayList<>();
        for (int build = 0; build < BUILDS; build++) {
          Path clone = repo.cloneRemote("round" + round + "-build" + build, 0, false);
          clones.add(clone);
          commits.add(commitIn(clone, "build " + build + " of round " + round));
        }
        List<Process> processes = new ArrayList<>();
        for (Path clone : clones) {
          processes.add(startTagship(clone));
        }
        for (int build = 0; build < BUILDS; build++) {
          Process process = processes.get(build);
          assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
          String stdout =
              new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
          String stderr =
              new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
          assertThat(process.exitValue()).as(stderr).isZero();
          String version = stdout.strip();
          versions.add(version);
          assertThat(repo.remoteTags()).as(stderr).containsEntry("v" + version, commits.get(build));
        }
        Map<String, ObjectId> now = repo.remoteTags();
        published.forEach((tag, id) -> assertThat(now).containsEntry(tag, id));
        published = now;
      }

      assertThat(new HashSet<>(versions)).hasSize(BUILDS * ROUNDS);
      assertThat(repo.remoteTags()).hasSize(BUILDS * ROUNDS + 1);
    }
  }

  private static ObjectId commitIn(Path clone, String message) throws Exception {
    try (Git git = Git.open(clone.toFile())) {
      return git.commit().setAllowEmpty(true).setMessage(message).call().getId();
    }
  }

  private static Process startTagship(Path clone) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
            java,
            "-XX:TieredStopAtLevel=1",
            "-cp",
            System.getProperty("java.class.path"),
            "dev.tagship.cli.Main",
            "version",
            "--push",
            "--repo",
            clone.toString());
    builder
        .environment()
        .keySet()
        .removeIf(key -> key.startsWith("TAGSHIP_") || key.startsWith("GIT_"));
    return builder.start();
  }
}
