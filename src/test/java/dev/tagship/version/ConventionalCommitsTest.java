package dev.tagship.version;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConventionalCommitsTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "feat: add login | MINOR",
        "feat(web): add login | MINOR",
        "FEAT: shouting | MINOR",
        "fix: null check | PATCH",
        "fix(api)!: drop v1 endpoints | MAJOR",
        "feat!: new config format | MAJOR",
        "chore: bump deps | PATCH",
        "Merge branch 'feature/x' | PATCH",
        "featuring a new thing without a colon | PATCH",
        "feat:missing space is not conventional | PATCH",
      })
  void headerDecidesTheLevel(String message, BumpLevel expected) {
    assertThat(ConventionalCommits.levelOf(message)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "'fix: x\n\nBREAKING CHANGE: the flag is gone' | MAJOR",
        "'fix: x\n\nBREAKING-CHANGE: the flag is gone' | MAJOR",
        "'fix: x\n\nmentions a BREAKING CHANGE: inline only' | PATCH",
      })
  void breakingChangeFooterIsMajor(String message, BumpLevel expected) {
    assertThat(ConventionalCommits.levelOf(message)).isEqualTo(expected);
  }
}
