package dev.tagship.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void helmStyleDurationsParse() {
    assertThat(Durations.parse("300s")).isEqualTo(Duration.ofSeconds(300));
    assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("90")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Durations.parse("1500ms")).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void anythingElseIsAUsageErrorWithAnExample() {
    for (String bad : new String[] {"", "5 minutes", "m5", "5x", "0s"}) {
      assertThatThrownBy(() -> Durations.parse(bad))
          .as(bad)
          .isInstanceOf(DeployException.class)
          .hasMessageContaining("e.g. 300s, 5m or 1h30m");
    }
  }
}
