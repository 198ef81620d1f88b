package dev.tagship.pipeline.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Durations read as Jenkins writes them in its logs (Util.getTimeSpanString). */
class DurationsTest {

  private static String of(long millis) {
    return Durations.describe(Duration.ofMillis(millis));
  }

  @Test
  void theLargestUnitWithTheNextOnlyWhileTheLargestIsUnderTen() {
    assertThat(of(40)).isEqualTo("40 ms");
    assertThat(of(250)).isEqualTo("0.25 sec");
    assertThat(of(300)).isEqualTo("0.3 sec");
    assertThat(of(1_000)).isEqualTo("1 sec");
    assertThat(of(1_250)).isEqualTo("1.2 sec");
    assertThat(of(12_500)).isEqualTo("12 sec");
    assertThat(of(65_000)).isEqualTo("1 min 5 sec");
    assertThat(of(5 * 60_000)).isEqualTo("5 min 0 sec");
    assertThat(of(12 * 60_000 + 5_000)).isEqualTo("12 min");
    assertThat(of(26 * 3_600_000L)).isEqualTo("1 day 2 hr");
    assertThat(of(12 * 86_400_000L)).isEqualTo("12 days");
  }
}
