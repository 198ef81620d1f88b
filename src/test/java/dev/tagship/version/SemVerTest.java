package dev.tagship.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class SemVerTest {

  @Test
  void precedenceFollowsTheSemverSpecExample() {
    // The ordering example of semver.org, section 11.
    List<String> ordered =
        List.of(
            "1.0.0-alpha",
            "1.0.0-alpha.1",
            "1.0.0-alpha.beta",
            "1.0.0-beta",
            "1.0.0-beta.2",
            "1.0.0-beta.11",
            "1.0.0-rc.1",
            "1.0.0",
            "1.0.1",
            "1.1.0",
            "2.0.0",
            "10.0.0");
    List<SemVer> shuffled = new ArrayList<>(ordered.stream().map(SemVer::parse).toList());
    Collections.shuffle(shuffled, new java.util.Random(7));
    Collections.sort(shuffled);

    assertThat(shuffled.stream().map(SemVer::toString).toList()).isEqualTo(ordered);
  }

  @Test
  void buildMetadataIsKeptButDoesNotOrder() {
    SemVer withBuild = SemVer.parse("1.2.3+build.7");

    assertThat(withBuild.toString()).isEqualTo("1.2.3+build.7");
    assertThat(withBuild.compareTo(SemVer.parse("1.2.3"))).isZero();
  }

  @Test
  void leadingVIsAcceptedWhenParsingAVersionGivenByAPerson() {
    assertThat(SemVer.parse("v2.0.1")).isEqualTo(SemVer.of(2, 0, 1));
  }

  @Test
  void invalidVersionsAreRejected() {
    for (String text : List.of("1.2", "01.2.3", "1.2.3-", "1.2.3-01", "latest", "", "1.2.3.4")) {
      assertThat(SemVer.tryParse(text)).as(text).isEmpty();
    }
    assertThatThrownBy(() -> SemVer.parse("1.2"))
        .isInstanceOf(VersionException.class)
        .hasMessageContaining("'1.2' is not a semantic version");
  }

  @Test
  void bumpOfAReleaseIncrementsTheNumber() {
    SemVer version = SemVer.parse("1.2.3");

    assertThat(version.bump(BumpLevel.PATCH)).hasToString("1.2.4");
    assertThat(version.bump(BumpLevel.MINOR)).hasToString("1.3.0");
    assertThat(version.bump(BumpLevel.MAJOR)).hasToString("2.0.0");
  }

  @Test
  void bumpOfAPreReleaseReleasesItWhenItAlreadyCarriesThatBump() {
    assertThat(SemVer.parse("1.3.0-rc.1").bump(BumpLevel.PATCH)).hasToString("1.3.0");
    assertThat(SemVer.parse("1.3.0-rc.1").bump(BumpLevel.MINOR)).hasToString("1.3.0");
    assertThat(SemVer.parse("1.3.0-rc.1").bump(BumpLevel.MAJOR)).hasToString("2.0.0");
    assertThat(SemVer.parse("1.3.1-rc.1").bump(BumpLevel.MINOR)).hasToString("1.4.0");
    assertThat(SemVer.parse("2.0.0-rc.1").bump(BumpLevel.MAJOR)).hasToString("2.0.0");
  }
}
