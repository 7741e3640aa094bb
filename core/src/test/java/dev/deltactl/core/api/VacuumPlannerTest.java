package dev.deltactl.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deltactl.core.api.VacuumPlanner.Commit;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which version stays readable after a vacuum, from the log's commits alone. */
class VacuumPlannerTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static List<Commit> hourly(int n) {
    return java.util.stream.IntStream.range(0, n).mapToObj(i -> new Commit(i, T0.plusSeconds(3600L * i))).toList();
  }

  @Test
  void theNewestCommitAtOrBeforeTheCutoffKeepsItsFiles() {
    List<Commit> log = hourly(10); // versions 0..9 at hours 0..9
    // cutoff at hour 4 exactly: version 4 is at the cutoff and keeps its files
    assertThat(VacuumPlanner.oldestReadable(log, T0.plusSeconds(4 * 3600), T0)).isEqualTo(4);
    // half past four: still 4
    assertThat(VacuumPlanner.oldestReadable(log, T0.plusSeconds(4 * 3600 + 1800), T0)).isEqualTo(4);
    // a cutoff before every commit: every version keeps its files
    assertThat(VacuumPlanner.oldestReadable(log, T0.minusSeconds(1), T0.minusSeconds(1))).isZero();
    // retain 0 hours: only the latest
    assertThat(VacuumPlanner.oldestReadable(log, T0.plusSeconds(9 * 3600), T0)).isEqualTo(9);
  }

  @Test
  void deltaRefusesToTravelPastTheTableMinimumEvenWhenTheFilesAreThere() {
    List<Commit> log = hourly(10);
    // files kept from version 2 on, but travel allowed only from hour 6
    assertThat(VacuumPlanner.oldestReadable(log, T0.plusSeconds(2 * 3600), T0.plusSeconds(6 * 3600))).isEqualTo(6);
    // no commit within the travel limit: the latest
    assertThat(VacuumPlanner.oldestReadable(log, T0, T0.plusSeconds(100 * 3600))).isEqualTo(9);
  }

  @Test
  void aLogWhoseOldCommitsWereCleanedStartsAtItsOldestVersion() {
    List<Commit> log = hourly(10).subList(5, 10); // versions 5..9 left
    assertThat(VacuumPlanner.oldestReadable(log, T0.plusSeconds(3600), T0)).isEqualTo(5);
    assertThat(VacuumPlanner.oldestReadable(log, T0.plusSeconds(7 * 3600), T0)).isEqualTo(7);
  }
}
