package dev.tagship.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HelmErrorsTest {

  @Test
  void aMultiErrorListBecomesItsCauses() {
    assertThat(
            HelmErrors.oneLine(
                "pre-upgrade hooks failed: 1 error occurred:\n\t* timed out waiting for the"
                    + " condition\n\n"))
        .isEqualTo("pre-upgrade hooks failed: timed out waiting for the condition");
    assertThat(
            HelmErrors.oneLine(
                "cannot patch \"shop\": 2 errors occurred:\n\t* spec.selector: Invalid value\n"
                    + "\t* field is immutable\n"))
        .isEqualTo("cannot patch \"shop\": spec.selector: Invalid value; field is immutable");
  }

  @Test
  void furtherLinesFollowTheFirst() {
    assertThat(HelmErrors.oneLine("UPGRADE FAILED\nrelease shop failed\n  details"))
        .isEqualTo("UPGRADE FAILED: release shop failed; details");
    assertThat(HelmErrors.oneLine("one line")).isEqualTo("one line");
    assertThat(HelmErrors.oneLine(" \n ")).isEqualTo("(no message)");
  }
}
