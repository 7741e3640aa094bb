package dev.deltactl.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deltactl.core.error.DeltactlException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void parsesEveryUnit() {
    assertThat(Durations.parse("500ms", "x")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("30s", "x")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Durations.parse("30m", "x")).isEqualTo(Duration.ofMinutes(30));
    assertThat(Durations.parse("168h", "x")).isEqualTo(Duration.ofHours(168));
    assertThat(Durations.parse(" 7D ", "x")).isEqualTo(Duration.ofDays(7));
  }

  @Test
  void rejectsNegativeOrUnitlessValuesNamingTheSetting() {
    for (String bad : new String[] {"-1h", "10", "h", "1.5h", "", "99999999999999999999d"}) {
      assertThatThrownBy(() -> Durations.parse(bad, "--retain")).as(bad)
          .isInstanceOf(DeltactlException.class).hasMessageStartingWith("invalid --retain '" + bad + "'");
    }
  }
}
