package dev.tagship.version;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BranchSlugTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "feature/JIRA-42_Login, feature-jira-42-login",
    "develop, develop",
    "'--weird//name--', weird-name",
    "___, branch",
    "0042, branch-0042",
    "a-very-long-branch-name-that-goes-on-and-on-and-on, a-very-long-branch-name-that-goes-on-and",
  })
  void slugIsAValidPreReleaseIdentifier(String branch, String slug) {
    assertThat(BranchSlug.of(branch)).isEqualTo(slug);
    assertThat(SemVer.tryParse("1.0.0-" + BranchSlug.of(branch) + ".3")).isPresent();
  }
}
