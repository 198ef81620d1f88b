package dev.tagship.version;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tagship.testing.GitRepoFixture;
import dev.tagship.testing.History;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Histories and expected versions ported from the test suites of GitVersion (GV:
 * src/GitVersion.Core.Tests/IntegrationTests) and jgitver (JG: Scenarios.java and the
 * strategy/*Scenario*Test classes), restated for tagship's rules. Where tagship deliberately
 * answers differently the comment says why: one bump per release rather than per commit, a release
 * branch always releases, the highest reachable tag is the base, a tag on HEAD keeps {@code
 * changed: true} so a re-run does everything the first run did.
 */
class PortedScenariosTest {

  @TempDir Path temp;
  GitRepoFixture repo;

  @BeforeEach
  void createRepository() {
    repo = GitRepoFixture.create(temp);
  }

  @AfterEach
  void closeRepository() {
    repo.close();
  }

  private void history(String script) {
    History.apply(repo, script);
  }

  private VersionResult version(UnaryOperator<VersionRequest.Builder> options) {
    return new Versioner(e -> {})
        .version(options.apply(VersionRequest.builder(repo.workTree()).fetch(false)).build());
  }

  private String v(UnaryOperator<VersionRequest.Builder> options) {
    return version(options).version();
  }

  private String v() {
    return v(b -> b);
  }

  /** GV MainScenarios GivenARepositoryWithCommitsButNoTagsVersionShouldBe01; JG s11. */
  @Test
  void initialVersionWhenNoTags() {
    history("commit A\ncommit B\ncommit C");

    assertThat(v()).isEqualTo("0.1.0");
    assertThat(v(b -> b.initial(SemVer.parse("1.0.0")))).isEqualTo("1.0.0");
    assertThat(v(b -> b.bump(BumpStrategy.MAJOR))).isEqualTo("0.1.0");
  }

  /** GV MainScenarios GivenARepositoryWithCommitsButBadTagsVersionShouldBe01; JG s6. */
  @Test
  void onlyFullSemverTagsCount() {
    history("commit A\ntag 1.0\ncommit B\ntag v2.0\ncommit C\ntag BadTag\ncommit D");
    assertThat(v()).isEqualTo("0.1.0");

    history("tag v2.0.0\ncommit E\nlight a3.0.0\ncommit F");
    assertThat(v()).isEqualTo("2.0.1");
  }

  /** GV MainScenarios CanSpecifyTagPrefixesAsRegex / AreTagsNotAdheringToTagPrefixIgnored. */
  @Test
  void vPrefixAndBareTagsAreEquivalent() {
    history("commit A\ntag v1.0.3");
    assertThat(v()).isEqualTo("1.0.3");
    history("commit B\nlight 1.0.5");
    assertThat(v()).isEqualTo("1.0.5");
    history("commit C\ntag version-1.0.9");
    assertThat(v()).isEqualTo("1.0.6");
  }

  /** GV TagCheckoutScenarios GivenARepositoryWithSingleCommit; JG s1 tag value. */
  @Test
  void taggedHeadReturnsTheTagWhateverTheBump() {
    history("commit A\ntag v1.0.3");
    assertThat(v(b -> b.bump(BumpStrategy.MAJOR))).isEqualTo("1.0.3");
    assertThat(v(b -> b.bump(BumpStrategy.AUTO))).isEqualTo("1.0.3");

    history("commit B");
    assertThat(v()).isEqualTo("1.0.4");

    history("checkout v1.0.3");
    VersionResult detached = version(b -> b);
    assertThat(detached.version()).isEqualTo("1.0.3");
    assertThat(detached.changed()).isTrue(); // GV/JG have no "changed"; tagship: re-run safe
  }

  /** JG s1_linear_with_only_annotated_tags, with its next-patch/minor/major metadata. */
  @Test
  void bumpLevelsAfterTheLastTag() {
    history("commit A\ncommit B\ntag 1.0.0\ncommit C\ncommit D\ntag 2.0.0\ncommit E");

    assertThat(v()).isEqualTo("2.0.1");
    assertThat(v(b -> b.bump(BumpStrategy.MINOR))).isEqualTo("2.1.0");
    assertThat(v(b -> b.bump(BumpStrategy.MAJOR))).isEqualTo("3.0.0");
    assertThat(v(b -> b.bump(BumpStrategy.AUTO))).isEqualTo("2.0.1");
  }

  /** GV CanHandleContinuousDeployment; GV Mainline would give 1.0.2 (one bump per commit). */
  @Test
  void severalCommitsBumpOnlyOnce() {
    history("commit A\ntag v1.0.0\ncommit B\ncommit C");

    assertThat(v()).isEqualTo("1.0.1");
  }

  /** JG s2_linear_with_both_tags: JG reads the lightweight 1.1.0 as a "next" marker. */
  @Test
  void highestOfSeveralTagsOnOneCommitWins() {
    history("commit A\ncommit B\ntag 1.0.0\nlight 1.1.0\ncommit C");
    assertThat(v()).isEqualTo("1.1.1");

    history("checkout 1.0.0");
    assertThat(v()).isEqualTo("1.1.0");
  }

  /** GV VersionBumpingScenarios CanUseCommitMessagesToBumpVersion_TagTakesPriority. */
  @Test
  void tagOnHeadWinsOverTheComputedBump() {
    history("commit init\ntag v1.0.0\ncommit feat!: drop legacy API");
    assertThat(v(b -> b.bump(BumpStrategy.AUTO))).isEqualTo("2.0.0");

    history("tag v1.1.0");
    assertThat(v(b -> b.bump(BumpStrategy.AUTO))).isEqualTo("1.1.0");

    history("commit chore: tidy");
    assertThat(v(b -> b.bump(BumpStrategy.AUTO))).isEqualTo("1.1.1");
  }

  /** GV VersionBumpingScenarios CanUseConventionalCommitsToBumpVersion (and tagship's rules). */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "build: Cleaned up various things | 1.0.1",
        "build(ref): Cleaned up various things | 1.0.1",
        "perf: faster | 1.0.1",
        "revert: undo | 1.0.1",
        "feat(ref): Simple feature | 1.1.0",
        "feat: add thing | 1.1.0",
        "Feat: add thing | 1.1.0",
        "Update README | 1.0.1",
        "feature: add thing | 1.0.1",
        "build(ref)!: Major update | 2.0.0",
        "fix!: change default timeout | 2.0.0",
        "feat: Major update\\n\\nSome text\\n\\nBREAKING CHANGE: A reason | 2.0.0",
        "feat: Major update\\n\\nBREAKING CHANGE Missing colon | 1.1.0",
        "feat: Major update\\n\\nBREAKING CHANGE: | 1.1.0",
        "fix: x\\n\\nBREAKING-CHANGE: y | 2.0.0",
        "docs: explain what BREAKING CHANGE: means | 1.0.1",
        "BREAKING CHANGE: only a subject line | 1.0.1",
        "feat!: Break stuff +semver: none | 2.0.0",
        "+semver:minor | 1.0.1",
      })
  void conventionalCommitTypesMapToBumps(String message, String expected) {
    history("commit init\ntag v1.0.0\ncommit " + message);

    assertThat(v(b -> b.bump(BumpStrategy.AUTO))).isEqualTo(expected);
  }

  /** GV MainlineDevelopmentScenarios MergedFeatureBranchesToMainImpliesRelease (not cumulative). */
  @Test
  void strongestBumpSinceTheTagWinsAndBumpsAreNotAddedUp() {
    history(
        "commit init\ntag v2.0.0\ncommit feat!: remove v1 endpoints\ncommit feat: add filter\n"
            + "commit fix: null check");

    assertThat(v(b -> b.bump(BumpStrategy.AUTO))).isEqualTo("3.0.0");
    assertThat(v()).isEqualTo("2.0.1");
  }

  /** GV CanUseCommitMessagesToBumpVersionBaseVersionTagIsAppliedToSameCommit. */
  @Test
  void commitsBeforeTheLastTagDoNotCount() {
    history("commit init\ntag v1.0.0\ncommit feat: search");
    assertThat(v(b -> b.bump(BumpStrategy.AUTO))).isEqualTo("1.1.0");

    history("tag v2.0.0\ncommit Hello");
    assertThat(v(b -> b.bump(BumpStrategy.AUTO))).isEqualTo("2.0.1");
  }

  /** GV MergedFeatureBranchesToMainImpliesRelease, feature/foo2 and feature/foo4 parts. */
  @Test
  void conventionalCommitsReachedThroughMerges() {
    history("commit init\ntag v1.0.0\nbranch feature/foo2\ncommit feat: add search");
    assertThat(v(b -> b.bump(BumpStrategy.AUTO))).isEqualTo("1.1.0-feature-foo2.1");

    history("checkout main\nmerge feature/foo2");
    assertThat(v(b -> b.bump(BumpStrategy.AUTO))).isEqualTo("1.1.0");

    history(
        "branch feature/foo4\ncommit feat!: new storage format\ncheckout main\nmerge feature/foo4");
    assertThat(v(b -> b.bump(BumpStrategy.AUTO))).isEqualTo("2.0.0");
    assertThat(v()).isEqualTo("1.0.1");
  }

  /** GV FeatureBranchScenarios ShouldNotUseNumberInFeatureBranchAsPreReleaseNumberOffMain. */
  @Test
  void featureBranchPreReleaseUsesSlugAndCount() {
    history("commit init\ntag v1.0.0\nbranch feature/JIRA-123");
    for (int i = 0; i < 5; i++) {
      repo.commit("work " + i);
    }

    assertThat(v()).isEqualTo("1.0.1-feature-jira-123.5");
    assertThat(v(b -> b.bump(BumpStrategy.MINOR))).isEqualTo("1.1.0-feature-jira-123.5");
  }

  /** GV FeatureBranchScenarios ShouldUseConfiguredLabel (branch names). */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "feature/x_y.7.z, 1.0.1-feature-x-y-7-z.1",
    "Feature/4711_This-Is-A-Feature, 1.0.1-feature-4711-this-is-a-feature.1",
    "dependabot/npm_and_yarn/lodash-4.17.21, 1.0.1-dependabot-npm-and-yarn-lodash-4-17-21.1",
    "release/2.0, 1.0.1-release-2-0.1",
    "mainfix, 1.0.1-mainfix.1",
    "masterfix, 1.0.1-masterfix.1",
  })
  void branchNamesBecomeValidPreReleaseLabels(String branch, String expected) {
    history("commit init\ntag v1.0.0\nbranch " + branch + "\ncommit work");

    assertThat(v()).isEqualTo(expected);
  }

  /** GV MainlineDevelopmentScenarios VerifyPullRequestsActLikeContinuousDeliveryOnFeatureBranch. */
  @Test
  void freshBranchCountsCommitsSinceTheTag() {
    history("commit 1\ntag v1.0.0\ncommit 2");
    assertThat(v()).isEqualTo("1.0.1");

    history("branch feature/foo");
    assertThat(v()).isEqualTo("1.0.1-feature-foo.1");

    history("commit 3\ncommit 4");
    assertThat(v()).isEqualTo("1.0.1-feature-foo.3");
  }

  /** GV GivenARepositoryWithSingleCommitAndSingleBranch; JG s5 "int" branch. */
  @Test
  void branchAtATaggedCommitReturnsTheTag() {
    history("commit init\nlight 1.0.3\nbranch task1");
    assertThat(v(b -> b.bump(BumpStrategy.MINOR))).isEqualTo("1.0.3");

    history("commit work");
    assertThat(v()).isEqualTo("1.0.4-task1.1");
  }

  /** GV FeatureBranchScenarios WhenTwoFeatureBranchPointToTheSameCommit. */
  @Test
  void preReleaseWithoutAnyTagStartsFromTheInitialVersion() {
    history(
        "commit init\nbranch develop\nbranch feature/feature1\ncommit f1\nbranch feature/feature2");
    assertThat(v()).isEqualTo("0.1.0-feature-feature2.2");
    assertThat(v(b -> b.initial(SemVer.parse("1.0.0")))).isEqualTo("1.0.0-feature-feature2.2");

    history("checkout develop");
    assertThat(v()).isEqualTo("0.1.0-develop.1");
  }

  /** GV OtherScenarios AllowHavingMasterInsteadOfMain. */
  @Test
  void masterIsAReleaseBranchByDefault() {
    history("commit one\nbranch develop\nbranch master");

    assertThat(v()).isEqualTo("0.1.0");
  }

  /** JG s13_gitflow (shortened); GV old MainlineDevelopmentMode SupportBranches. */
  @Test
  void customReleaseBranchRegex() {
    history(
        "commit A\nlight 1.0.0\ncommit B\ncommit C\nlight 3.0.0\n"
            + "branch release/1.x from HEAD~1\ncommit E\n"
            + "branch feature/add-sso from HEAD~1\ncommit G");
    UnaryOperator<VersionRequest.Builder> releases = b -> b.releaseBranch("main|master|release/.*");

    assertThat(v(releases)).isEqualTo("1.0.1-feature-add-sso.2");
    history("checkout release/1.x");
    assertThat(v(releases)).isEqualTo("1.0.1");
    assertThat(v()).isEqualTo("1.0.1-release-1-x.2");
    history("checkout main");
    assertThat(v(releases)).isEqualTo("3.0.0");
  }

  /** JG s4_linear_with_only_annotated_tags_and_branch. */
  @Test
  void tagAddedOnMainAfterBranchingIsUnreachable() {
    history(
        "commit B\ntag 1.0.0\ncommit C\nbranch issue-10\ncommit x1\ncommit x2\n"
            + "checkout main\ncommit D\ntag 2.0.0\ncommit E");
    assertThat(v()).isEqualTo("2.0.1");

    history("checkout issue-10");
    assertThat(v()).isEqualTo("1.0.1-issue-10.3");
  }

  /**
   * JG s14_with_merges before its merge. The catalogue suggested failing on the collision; tagship
   * instead never gives a version twice and takes the next free one.
   */
  @Test
  void computedVersionTakenByAnUnreachableTagMovesToTheNextFreeOne() {
    history(
        "commit A\ntag v1.0.0\nbranch hotfix\ncommit fix: F\ntag v1.0.1\ncheckout main\ncommit C");
    assertThat(v()).isEqualTo("1.0.2");

    history("checkout hotfix");
    assertThat(v()).isEqualTo("1.0.1");
  }

  /** JG Scenario14WithMaxVersionTest: merge with tags on both sides. */
  @Test
  void mergeWithTagsOnBothSidesTakesTheHighest() {
    history(
        "commit B\nlight 1.0.0\ncommit c1\ncommit c2\nlight 1.1.0\nlight 1.1.1\ncommit E\n"
            + "branch hotfix from 1.0.0\ncommit h1\ncommit h2\nlight 1.0.1");
    assertThat(v()).isEqualTo("1.0.1");

    history("checkout main\nmerge hotfix");
    assertThat(v()).isEqualTo("1.1.2");
  }

  /** JG Scenario15WithMaxVersionTest (s15_complex_merges, one side branch). */
  @Test
  void highestTagWinsEvenOnAMergedSideBranch() {
    history(
        "commit B\nlight 1.0.0\ncommit C\nlight 2.0.0\ncommit D\n"
            + "branch b1 from 1.0.0\ncommit F\nlight 4.0.0");
    history("checkout main");
    assertThat(v()).isEqualTo("2.0.1");

    history("merge b1");
    assertThat(v()).isEqualTo("4.0.1");
  }

  /**
   * GV VerifyIssue1154CanForwardMergeMainToFeatureBranch, with tags added. Before the forward
   * merge, 1.0.1 is already released on main (unreachable from the branch), so the branch's
   * pre-release aims at the next free version, 1.0.2, and sorts after what was released.
   */
  @Test
  void forwardMergeMakesTheMainTagReachable() {
    history(
        "commit init\ntag v1.0.0\nbranch feature/branch2\ncheckout main\nbranch feature/branch1\n"
            + "commit b1\ncheckout main\nmerge feature/branch1\ntag v1.0.1\n"
            + "checkout feature/branch2\ncommit x1\ncommit x2");
    assertThat(v()).isEqualTo("1.0.2-feature-branch2.2");

    history("merge main");
    assertThat(v()).isEqualTo("1.0.2-feature-branch2.3");
  }

  /** GV VerifyMergingMainToFeatureDoesNotCauseBranchCommitsToIncrementVersion. */
  @Test
  void mergeMainIntoFeatureAndBack() {
    history(
        "commit first in main\nbranch feature/foo\ncommit first in foo\ncheckout main\n"
            + "commit second in main\ncheckout feature/foo\nmerge main\ncommit second in foo");
    assertThat(v()).isEqualTo("0.1.0-feature-foo.5");

    history("checkout main\ncommit release\ntag v1.0.0\nmerge feature/foo");
    assertThat(v()).isEqualTo("1.0.1");
  }

  /** GV AlternativeSemanticVersionsShouldBeConsidered; Mainline pre-release base scenarios. */
  @ParameterizedTest(name = "{0} + {1} ({2}) -> {3}")
  @CsvSource({
    "v1.3.0-rc.1, fix: x, PATCH, 1.3.0",
    "v1.3.0-rc.1, fix: x, MINOR, 1.3.0",
    "v1.3.0-rc.1, fix: x, MAJOR, 2.0.0",
    "v1.3.0-rc.1, feat: y, AUTO, 1.3.0",
    "v1.3.0-rc.1, feat!: z, AUTO, 2.0.0",
    "v1.2.4-rc.1, fix: x, PATCH, 1.2.4",
    "v1.2.4-rc.1, feat: y, AUTO, 1.3.0",
    "v2.0.0-beta.2, feat!: z, AUTO, 2.0.0",
  })
  void preReleaseBaseIsReleasedOnAReleaseBranch(
      String tag, String message, BumpStrategy bump, String expected) {
    history("commit init\ntag " + tag + "\ncommit " + message);

    assertThat(v(b -> b.bump(bump))).isEqualTo(expected);
  }

  /** GV AlternativeSemanticVersionsShouldBeConsidered (label on main, shortened). */
  @Test
  void highestOfSeveralPreReleaseTags() {
    history(
        "commit init\ntag v1.0.0\ncommit A\ntag v4.0.0-beta.14\ntag v4.0.0-gamma.14\n"
            + "commit B\ntag v6.0.0-alpha.3\ncommit C\ntag v6.0.0-beta.5\ncommit D");

    assertThat(v()).isEqualTo("6.0.0");
  }

  /** GV EnsurePreReleaseTagLabelWithInitialTagForPatchNumberOne...; AppliedPreReleaseLabel... */
  @Test
  void preReleaseTagOnHeadThenRelease() {
    history("commit init\ntag v1.0.0\ncommit a\ntag v1.0.1-alpha.1");
    assertThat(v()).isEqualTo("1.0.1-alpha.1");
    history("commit b");
    assertThat(v()).isEqualTo("1.0.1");
    history("commit c\ntag v1.0.1\ncommit d");
    assertThat(v()).isEqualTo("1.0.2");
  }

  /** JG s12_linear_with_RC_tags: the highest tag, not the nearest, is the base. */
  @Test
  void releaseTagOutranksLaterPreReleases() {
    history("commit A\nlight v1.0.0\ncommit x1\ncommit x2\ntag 1.0.0-rc01");
    assertThat(v()).isEqualTo("1.0.0-rc01");

    history("commit y1\ncommit y2\ntag 1.0.0-rc02\ncommit F");
    assertThat(v()).isEqualTo("1.0.1");

    history("commit G\ntag 1.0.0\nlight v2.0.0");
    assertThat(v()).isEqualTo("2.0.0");
  }

  /** GV AreTagsNotAdheringToTagPrefixIgnored / CanSpecifyTagPrefixes; JG find-tag pattern. */
  @ParameterizedTest(name = "component {0}")
  @CsvSource({
    "'', 3.0.0, 3.0.1",
    "web, 1.2.0, 1.2.1",
    "api, 0.4.0, 0.4.1",
    "libs/core, 2.0.0, 2.0.1",
    "we, 0.1.0, 0.1.0",
    "cli, 0.1.0, 0.1.0",
  })
  void componentTagsAreIsolated(String component, String atTag, String afterCommit) {
    history(
        "commit init\ntag v3.0.0\ntag web/v1.2.0\nlight api/0.4.0\nlight web/latest\n"
            + "tag libs/core/v2.0.0");
    assertThat(v(b -> b.component(component))).isEqualTo(atTag);

    history("commit x");
    assertThat(v(b -> b.component(component))).isEqualTo(afterCommit);
  }

  /** GV IgnoreCommitScenarios ...IgnoreConfigurationForPath (excluded paths become included). */
  @Test
  void componentWithoutChangesUnderItsPathsIsUnchanged() {
    history(
        "commit init @web/index.html,api/main.go\ntag web/v1.0.0\ntag api/v2.0.0\n"
            + "commit fix(api): timeout @api/main.go\ncommit docs: readme @README.md");

    VersionResult web = version(b -> b.component("web").paths(List.of("web/")));
    assertThat(web.version()).isEqualTo("1.0.0");
    assertThat(web.changed()).isFalse();
    VersionResult api =
        version(b -> b.component("api").paths(List.of("api/")).bump(BumpStrategy.AUTO));
    assertThat(api.version()).isEqualTo("2.0.1");
    assertThat(api.changed()).isTrue();
    assertThat(v(b -> b.component("web"))).isEqualTo("1.0.1");
  }

  /** GV path filters combined with CanUseConventionalCommitsToBumpVersion. */
  @Test
  void componentPathsFilterConventionalCommits() {
    history(
        "commit init @web/a,api/a\ntag web/v1.0.0\ncommit feat(api): new endpoint @api/b\n"
            + "commit fix(web): typo @web/b\ncommit feat!: shared config format @shared/c");
    UnaryOperator<VersionRequest.Builder> web = b -> b.component("web").bump(BumpStrategy.AUTO);

    assertThat(v(b -> web.apply(b).paths(List.of("web/")))).isEqualTo("1.0.1");
    assertThat(v(b -> web.apply(b).paths(List.of("web/", "shared/")))).isEqualTo("2.0.0");
    assertThat(v(web)).isEqualTo("2.0.0");
  }

  /** GV ...IgnoreConfigurationForTaggedCommitPath...: GV drops the tag; tagship keeps it. */
  @Test
  void componentTagOnACommitOutsideItsPathsStillAnchors() {
    history("commit A @web/x\ncommit B @docs/y\ntag web/v1.0.0\ncommit C @docs/z");
    UnaryOperator<VersionRequest.Builder> web = b -> b.component("web").paths(List.of("web/"));
    assertThat(version(web).changed()).isFalse();
    assertThat(v(web)).isEqualTo("1.0.0");

    history("commit D @web/x");
    assertThat(v(web)).isEqualTo("1.0.1");
  }

  /**
   * GV ShouldNotUseNumberInFeatureBranchAsPreReleaseNumberOffMain with path filtering. The count is
   * every commit since the tag (as git describe counts), so each build of the branch gets its own
   * pre-release version.
   */
  @Test
  void componentPreReleaseOnAFeatureBranch() {
    history(
        "commit init @web/a\ntag web/v1.0.0\nbranch feature/login\ncommit a @web/login.ts\n"
            + "commit b @docs/login.md\ncommit c @web/login.css");
    UnaryOperator<VersionRequest.Builder> web = b -> b.component("web").paths(List.of("web/"));
    assertThat(v(web)).isEqualTo("1.0.1-feature-login.3");

    history("checkout main\nbranch feature/docs\ncommit d @docs/readme.md");
    VersionResult docsOnly = version(web);
    assertThat(docsOnly.version()).isEqualTo("1.0.0");
    assertThat(docsOnly.changed()).isFalse();
  }

  /**
   * GV MergingFeatureBranchThatIncrementsMinorNumberIncrementsMinorVersionOfMain, per component.
   */
  @Test
  void componentMergeFromAFeatureBranch() {
    history(
        "commit init @web/a,api/a\ntag web/v1.0.0\ntag api/v1.0.0\nbranch feature/x\n"
            + "commit feat(web): dark mode @web/theme.css");
    UnaryOperator<VersionRequest.Builder> web =
        b -> b.component("web").paths(List.of("web/")).bump(BumpStrategy.AUTO);
    assertThat(v(web)).isEqualTo("1.1.0-feature-x.1");

    history("checkout main\ncommit chore(ci): cache @.ci/run\nmerge feature/x");
    assertThat(v(web)).isEqualTo("1.1.0");
    VersionResult api =
        version(b -> b.component("api").paths(List.of("api/")).bump(BumpStrategy.AUTO));
    assertThat(api.version()).isEqualTo("1.0.0");
    assertThat(api.changed()).isFalse();
  }
}
