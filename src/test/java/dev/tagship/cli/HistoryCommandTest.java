package dev.tagship.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HistoryCommandTest {

  @Test
  void deployTimesShowSecondsEvenWhenTheyAreZero() {
    assertThat(HistoryCommand.toSeconds("2026-12-08T00:22:00.123456789Z"))
        .isEqualTo("2026-12-08T00:22:00Z");
    assertThat(HistoryCommand.toSeconds("2026-12-08T00:22:12.5+01:00"))
        .isEqualTo("2026-12-08T00:22:12+01:00");
    assertThat(HistoryCommand.toSeconds("not a time")).isEqualTo("not a time");
  }
}
