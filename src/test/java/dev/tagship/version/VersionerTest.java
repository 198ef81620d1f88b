package dev.tagship.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tagship.core.Event;
import dev.tagship.testing.GitRepoFixture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VersionerTest {

  @TempDir Path temp;
  GitRepoFixture repo;
  final List<Event> events = new ArrayList<>();

  @BeforeEach
  void createRepository() {
    repo = GitRepoFixture.create(temp);
  }

  @AfterEach
  void closeRepository() {
    repo.close();
  }

  private VersionResult version(UnaryOperator<VersionRequest.Builder> options) {
    return version(repo.workTree(), options);
  }

  private VersionResult version(Path dir, UnaryOperator<VersionRequest.Builder> options) {
    return new Versioner(events::add).version(options.apply(VersionRequest.builder(dir)).build());
  }

  private VersionResult version() {
    return version(b -> b);
  }

  @Test
  void repositoryWithoutTagsGetsTheInitialVersion() {
    repo.commit("first");
    repo.commit("second");

    VersionResult result = version();

    assertThat(result.version()).isEqualTo("0.1.0");
    assertThat(result.tag()).isEqualTo("v0.1.0");
    assertThat(result.previousTag()).isNull();
    assertThat(result.changed()).isTrue();
    assertThat(result.commitsSinceTag()).isEqualTo(2);
    assertThat(result.commit()).isEqualTo(repo.head().name());
  }

  @Test
  void initialVersionIsConfigurable() {
    repo.commit("first");

    assertThat(version(b -> b.initial(SemVer.parse("1.0.0"))).version()).isEqualTo("1.0.0");
  }

  @Test
  void lastVersionIsBumpedByPatchByDefault() {
    repo.commit("first");
    repo.tag("v1.2.3");
    repo.commit("second");
    repo.commit("third");

    VersionResult result = version();

    assertThat(result.version()).isEqualTo("1.2.4");
    assertThat(result.previousTag()).isEqualTo("v1.2.3");
    assertThat(result.commitsSinceTag()).isEqualTo(2);
    assertThat(result.created()).isFalse();
  }

  @Test
  void tagsWithoutTheVPrefixAreRead() {
    repo.commit("first");
    repo.lightweightTag("2.0.0");
    repo.commit("second");

    VersionResult result = version();

    assertThat(result.version()).isEqualTo("2.0.1");
    assertThat(result.previousTag()).isEqualTo("2.0.0");
    assertThat(result.tag()).isEqualTo("v2.0.1");
  }

  @Test
  void tagsThatAreNotSemverAreIgnored() {
    repo.commit("first");
    repo.tag("v1.0.0");
    repo.commit("second");
    repo.tag("release-2024");
    repo.tag("v2");
    repo.tag("v2.0");
    repo.tag("v01.2.3");
    repo.commit("third");

    assertThat(version().version()).isEqualTo("1.0.1");
  }

  @Test
  void forcedBumpLevels() {
    repo.commit("first");
    repo.tag("v1.2.3");
    repo.commit("second");

    assertThat(version(b -> b.bump(BumpStrategy.PATCH)).version()).isEqualTo("1.2.4");
    assertThat(version(b -> b.bump(BumpStrategy.MINOR)).version()).isEqualTo("1.3.0");
    assertThat(version(b -> b.bump(BumpStrategy.MAJOR)).version()).isEqualTo("2.0.0");
  }

  @Test
  void autoBumpReadsConventionalCommitsSinceTheLastTag() {
    repo.commit("feat: old feature before the tag");
    repo.tag("v1.2.3");
    repo.commit("fix: a bug");
    assertThat(version(b -> b.bump(BumpStrategy.AUTO)).version()).isEqualTo("1.2.4");

    repo.commit("feat(ui): a feature");
    assertThat(version(b -> b.bump(BumpStrategy.AUTO)).version()).isEqualTo("1.3.0");

    repo.commit("refactor!: drop the old API");
    assertThat(version(b -> b.bump(BumpStrategy.AUTO)).version()).isEqualTo("2.0.0");
  }

  @Test
  void breakingChangeFooterIsAMajorBump() {
    repo.commit("first");
    repo.tag("v0.9.0");
    repo.commit("chore: rename settings\n\nBREAKING CHANGE: settings moved to tagship.yml");

    assertThat(version(b -> b.bump(BumpStrategy.AUTO)).version()).isEqualTo("1.0.0");
  }

  @Test
  void rerunOnTaggedCommitReturnsSameVersionAndTagsNothing() {
    repo.commit("first");
    repo.tag("v1.0.0");
    repo.commit("second");
    VersionResult first = version(b -> b.tag(true));
    var tagsAfterFirst = repo.localTags();

    VersionResult rerun = version(b -> b.tag(true).bump(BumpStrategy.MAJOR));

    assertThat(first.version()).isEqualTo("1.0.1");
    assertThat(first.created()).isTrue();
    assertThat(rerun.version()).isEqualTo("1.0.1");
    assertThat(rerun.created()).isFalse();
    assertThat(rerun.previousTag()).isEqualTo("v1.0.0");
    assertThat(repo.localTags()).isEqualTo(tagsAfterFirst);
  }

  @Test
  void onlyTagsReachableFromHeadCount() {
    repo.commit("first");
    repo.tag("v1.0.0");
    repo.branch("hotfix");
    repo.commit("hotfix");
    repo.tag("v5.0.0");
    repo.checkout("main");
    repo.commit("main work");

    VersionResult result = version();

    assertThat(result.previousTag()).isEqualTo("v1.0.0");
    assertThat(result.version()).isEqualTo("1.0.1");
  }

  @Test
  void highestReachableTagWinsOverANearerLowerOne() {
    repo.commit("first");
    repo.tag("v1.0.0");
    repo.branch("release-2");
    repo.commit("release 2 work");
    repo.tag("v2.0.0");
    repo.checkout("main");
    repo.commit("main work");
    repo.tag("v1.1.0");
    repo.merge("release-2", "Merge release-2");

    assertThat(version().version()).isEqualTo("2.0.1");
  }

  @Test
  void aVersionTakenByAnUnreachableTagIsSkipped() {
    repo.commit("first");
    repo.tag("v1.0.0");
    repo.branch("hotfix");
    repo.commit("hotfix");
    repo.tag("v1.0.1");
    repo.checkout("main");
    repo.commit("main work");

    assertThat(version().version()).isEqualTo("1.0.2");
  }

  @Test
  void preReleaseTagIsReleasedAtItsOwnNumber() {
    repo.commit("first");
    repo.tag("v1.2.0");
    repo.commit("second");
    repo.tag("v1.3.0-rc.1");
    repo.commit("third");

    assertThat(version().version()).isEqualTo("1.3.0");
    assertThat(version(b -> b.bump(BumpStrategy.MINOR)).version()).isEqualTo("1.3.0");
    assertThat(version(b -> b.bump(BumpStrategy.MAJOR)).version()).isEqualTo("2.0.0");
  }

  @Test
  void highestOfSeveralTagsOnOneCommitWins() {
    repo.commit("first");
    repo.tag("v1.0.0");
    repo.tag("v1.1.0");
    repo.lightweightTag("1.0.5");
    repo.commit("second");

    assertThat(version().previousTag()).isEqualTo("v1.1.0");
    assertThat(version().version()).isEqualTo("1.1.1");
  }

  @Test
  void branchThatDoesNotReleaseGetsAPreReleaseAndIsNeverTagged() {
    repo.commit("first");
    repo.tag("v1.2.3");
    repo.branch("feature/JIRA-42_Login");
    repo.commit("one");
    repo.commit("two");
    var tagsBefore = repo.localTags();

    VersionResult result = version(b -> b.tag(true));

    assertThat(result.version()).isEqualTo("1.2.4-feature-jira-42-login.2");
    assertThat(result.release()).isFalse();
    assertThat(result.created()).isFalse();
    assertThat(repo.localTags()).isEqualTo(tagsBefore);
  }

  @Test
  void releaseBranchPatternIsConfigurable() {
    repo.commit("first");
    repo.tag("v1.0.0");
    repo.branch("release/2026.11");
    repo.commit("release work");

    assertThat(version(b -> b.releaseBranch("main|release/.*")).version()).isEqualTo("1.0.1");
    assertThat(version().version()).isEqualTo("1.0.1-release-2026-11.1");
  }

  @Test
  void componentCountsOnlyItsOwnTags() {
    repo.commit("web", "web/index.html");
    repo.tag("web/v1.4.0");
    repo.commit("api", "api/main.go");
    repo.tag("api/v3.0.0");
    repo.tag("v9.0.0");
    repo.commit("web change", "web/index.html");

    VersionResult web = version(b -> b.component("web").paths(List.of("web/")));

    assertThat(web.version()).isEqualTo("1.4.1");
    assertThat(web.tag()).isEqualTo("web/v1.4.1");
    assertThat(web.previousTag()).isEqualTo("web/v1.4.0");
    assertThat(web.changed()).isTrue();
  }

  @Test
  void componentWithoutChangesUnderItsPathsKeepsItsVersion() {
    repo.commit("web", "web/index.html");
    repo.tag("web/v1.4.0");
    repo.commit("api only", "api/main.go");
    repo.commit("docs only", "README.md");
    var tagsBefore = repo.localTags();

    VersionResult web = version(b -> b.component("web").paths(List.of("web")).tag(true));

    assertThat(web.version()).isEqualTo("1.4.0");
    assertThat(web.changed()).isFalse();
    assertThat(web.created()).isFalse();
    assertThat(repo.localTags()).isEqualTo(tagsBefore);
  }

  @Test
  void componentAutoBumpReadsOnlyCommitsUnderItsPaths() {
    repo.commit("web", "web/index.html");
    repo.tag("web/v1.4.0");
    repo.commit("feat!: api rewrite", "api/main.go");
    repo.commit("fix: web typo", "web/index.html");

    VersionResult web =
        version(b -> b.component("web").paths(List.of("web/")).bump(BumpStrategy.AUTO));

    assertThat(web.version()).isEqualTo("1.4.1");
  }

  @Test
  void componentTagsWithoutVAreRead() {
    repo.commit("web", "web/index.html");
    repo.tag("web/2.0.0");
    repo.commit("web change", "web/index.html");

    assertThat(version(b -> b.component("web")).version()).isEqualTo("2.0.1");
  }

  @Test
  void customTagPrefixIsReadAndWritten() {
    repo.commit("first");
    repo.tag("payments-1.0.0");
    repo.commit("second");

    VersionResult result = version(b -> b.tagPrefix("payments-").tag(true));

    assertThat(result.version()).isEqualTo("1.0.1");
    assertThat(result.tag()).isEqualTo("payments-1.0.1");
    assertThat(repo.localTags()).containsKey("payments-1.0.1");
  }

  @Test
  void tagIsAnnotatedWithCommitAndBuildUrl() {
    repo.commit("first");
    repo.tag("v1.0.0");
    RevCommit head = repo.commit("second");

    version(b -> b.tag(true).buildUrl("https://jenkins.example.test/job/shop/42/"));

    String message = GitRepoFixture.tagMessage(repo.workTree(), "v1.0.1");
    assertThat(message)
        .contains("Release 1.0.1")
        .contains("commit: " + head.name())
        .contains("build: https://jenkins.example.test/job/shop/42/");
    assertThat(repo.localTags()).containsEntry("v1.0.1", head.getId());
  }

  @Test
  void detachedHeadTakesItsBranchFromTheRequest() {
    repo.commit("first");
    repo.tag("v1.0.0");
    repo.commit("second");
    repo.detach();

    assertThat(version(b -> b.branch("origin/main")).version()).isEqualTo("1.0.1");
    assertThat(version(b -> b.branch("feature/x")).version()).isEqualTo("1.0.1-feature-x.1");
  }

  @Test
  void detachedHeadWithoutABranchNameFailsAndSaysHowToFixIt() {
    repo.commit("first");
    repo.detach();

    assertThatThrownBy(() -> version(b -> b.tag(true)))
        .isInstanceOf(VersionException.class)
        .hasMessageContaining("detached")
        .hasMessageContaining("BRANCH_NAME");
  }

  @Test
  void detachedHeadOnATagNeedsNoBranchName() {
    repo.commit("first");
    repo.tag("v3.1.4");
    repo.detach();

    assertThat(version().version()).isEqualTo("3.1.4");
  }

  @Test
  void pushCreatesAnnotatedTagInTheRemote() {
    repo.commit("first");
    repo.tag("v1.0.0");
    repo.commit("second");
    repo.pushAll();

    VersionResult result = version(b -> b.push(true));

    assertThat(result.created()).isTrue();
    assertThat(result.pushed()).isTrue();
    assertThat(repo.remoteTags()).containsEntry("v1.0.1", repo.head().getId());
    assertThat(GitRepoFixture.tagMessage(repo.remotePath(), "v1.0.1")).contains("Release 1.0.1");
  }

  @Test
  void rerunAfterPushReturnsTheSameVersionWithoutANewTag() {
    repo.commit("first");
    repo.pushAll();
    VersionResult first = version(b -> b.push(true));
    var remoteAfterFirst = repo.remoteTags();

    VersionResult rerun = version(b -> b.push(true));

    assertThat(rerun.version()).isEqualTo(first.version()).isEqualTo("0.1.0");
    assertThat(rerun.created()).isFalse();
    assertThat(rerun.pushed()).isFalse();
    assertThat(repo.remoteTags()).isEqualTo(remoteAfterFirst);
  }

  @Test
  void rerunPushesALocalTagTheRemoteLacks() {
    repo.commit("first");
    repo.pushAll();
    version(b -> b.tag(true));

    VersionResult rerun = version(b -> b.push(true));

    assertThat(rerun.created()).isFalse();
    assertThat(rerun.pushed()).isTrue();
    assertThat(repo.remoteTags()).containsKey("v0.1.0");
  }

  @Test
  void shallowCloneFetchesTagsAndHistoryFromTheRemote() {
    repo.commit("first");
    repo.tag("v1.0.0");
    for (int i = 0; i < 5; i++) {
      repo.commit("work " + i);
    }
    repo.tag("v1.1.0");
    repo.commit("after");
    repo.commit("latest");
    repo.pushAll();
    Path shallow = repo.cloneRemote("shallow", 1, false);
    assertThat(GitRepoFixture.tagsOf(shallow)).isEmpty();

    VersionResult result = version(shallow, b -> b);

    assertThat(result.version()).isEqualTo("1.1.1");
    assertThat(result.previousTag()).isEqualTo("v1.1.0");
    assertThat(result.commitsSinceTag()).isEqualTo(2);
  }

  @Test
  void cloneWithoutTagsFetchesThem() {
    repo.commit("first");
    repo.tag("v4.0.0");
    repo.commit("second");
    repo.pushAll();
    Path clone = repo.cloneRemote("notags", 0, false);

    assertThat(version(clone, b -> b).version()).isEqualTo("4.0.1");
  }

  @Test
  void pushThatAnotherBuildBeatTakesTheNextFreeVersion() {
    repo.commit("first");
    repo.tag("v1.0.0");
    repo.commit("second");
    repo.pushAll();
    Path other = repo.cloneRemote("other", 0, true);
    RevCommit mine = repo.commit("mine");
    repo.pushAll();
    var remoteBefore = repo.remoteTags();
    // The other build (of the older commit) pushes v1.0.1 just after this build tagged
    // locally and before it pushes, as happens when two builds race.
    List<VersionResult> otherResult = new ArrayList<>();
    Versioner racing =
        new Versioner(
            event -> {
              if (event.message().startsWith("Tagged") && otherResult.isEmpty()) {
                otherResult.add(
                    new Versioner(e -> {})
                        .version(VersionRequest.builder(other).push(true).build()));
              }
            });

    VersionResult result =
        racing.version(VersionRequest.builder(repo.workTree()).push(true).build());

    assertThat(otherResult.get(0).version()).isEqualTo("1.0.1");
    assertThat(result.version()).isEqualTo("1.0.2");
    assertThat(result.pushed()).isTrue();
    var remoteAfter = repo.remoteTags();
    assertThat(remoteAfter).containsEntry("v1.0.2", mine.getId());
    remoteBefore.forEach((tag, id) -> assertThat(remoteAfter).containsEntry(tag, id));
    assertThat(repo.localTags())
        .containsEntry(
            "v1.0.1",
            otherResult.get(0).commit().equals(mine.name())
                ? mine.getId()
                : ObjectId.fromString(otherResult.get(0).commit()));
  }

  @Test
  void failedPushLeavesNoLocalTagBehind() throws Exception {
    repo.commit("first");
    var config = repo.git().getRepository().getConfig();
    config.setString("remote", "origin", "url", temp.resolve("missing.git").toUri().toString());
    config.save();
    var refsBefore = GitRepoFixture.refsOf(repo.workTree());

    assertThatThrownBy(() -> version(b -> b.push(true).fetch(false)))
        .isInstanceOf(VersionException.class)
        .hasMessageContaining("remote 'origin'");
    assertThat(GitRepoFixture.refsOf(repo.workTree())).isEqualTo(refsBefore);
  }

  @Test
  void pushWithoutARemoteFailsNamingIt() {
    repo.commit("first");

    assertThatThrownBy(() -> version(b -> b.push(true).remote("upstream")))
        .isInstanceOf(VersionException.class)
        .hasMessageContaining("no remote 'upstream'");
  }

  @Test
  void folderOutsideAnyRepositoryFails() {
    Path empty = temp.resolve("not-a-repo");
    assertThat(empty.toFile().mkdirs()).isTrue();

    assertThatThrownBy(() -> version(empty, b -> b))
        .isInstanceOf(VersionException.class)
        .hasMessageContaining("not inside a git repository")
        .matches(e -> !((VersionException) e).isUsageError());
  }

  @Test
  void repositoryWithoutCommitsFails() {
    assertThatThrownBy(this::version)
        .isInstanceOf(VersionException.class)
        .hasMessageContaining("no commits yet");
  }

  @Test
  void illegalTagPrefixIsAUsageError() {
    assertThatThrownBy(() -> VersionRequest.builder(temp).tagPrefix("rel ease").build())
        .isInstanceOf(VersionException.class)
        .hasMessageContaining("tag prefix 'rel ease'")
        .matches(e -> ((VersionException) e).isUsageError());
    assertThatThrownBy(() -> VersionRequest.builder(temp).component("we~b").build())
        .hasMessageContaining("component 'we~b'");
    assertThatThrownBy(() -> VersionRequest.builder(temp).paths(List.of("../x")).build())
        .hasMessageContaining("path '../x'");
    assertThatThrownBy(() -> VersionRequest.builder(temp).releaseBranch("main(").build())
        .hasMessageContaining("release branch pattern");
  }
}
