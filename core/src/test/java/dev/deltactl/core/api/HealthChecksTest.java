package dev.deltactl.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deltactl.core.api.HealthCheck.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthChecksTest {
  private static final HealthPolicy DEFAULTS = HealthPolicy.defaults();
  private static final long MB = 1L << 20;

  private static HealthFigures.Files files(int small, int large) {
    long[] sizes = new long[small + large];
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = i < small ? MB : 100 * MB;
    }
    return HealthFigures.Files.of(sizes, 64 * MB);
  }

  private static HealthFigures.Log log(long sinceCheckpoint, long pastRetention) {
    return new HealthFigures.Log(500, 500 - sinceCheckpoint, "classic", null, null, sinceCheckpoint, 10, 500, 0, 0,
        0, Duration.ofDays(30), pastRetention, pastRetention * 1000, null, 500, 0);
  }

  private static HealthFigures.Rows rows(long records, long deleted, long withoutStats) {
    return new HealthFigures.Rows(records, deleted, records == 0 ? 0 : (double) deleted / records, 0, 0,
        withoutStats);
  }

  @Test
  void smallFilesAreDueFrom50FilesAndAQuarterOfTheFilesAndBadFrom10000() {
    assertThat(HealthChecks.smallFiles(files(49, 0), DEFAULTS).verdict()).isEqualTo(Verdict.OK);
    HealthCheck due = HealthChecks.smallFiles(files(50, 150), DEFAULTS);
    assertThat(due).isEqualTo(new HealthCheck("smallFiles", Verdict.DUE, 50L, ">= 50 files and >= 25%",
        "50 of 200 files (25%) are under 64.0 MiB: run optimize"));
    assertThat(HealthChecks.smallFiles(files(50, 151), DEFAULTS).verdict()).isEqualTo(Verdict.OK);
    assertThat(HealthChecks.smallFiles(files(10_000, 1_000_000), DEFAULTS).verdict()).isEqualTo(Verdict.BAD);
    assertThat(HealthChecks.smallFiles(files(9_999, 0), DEFAULTS).verdict()).isEqualTo(Verdict.DUE);
  }

  @Test
  void aFileOfExactlyTheThresholdIsNotSmall() {
    HealthFigures.Files f = HealthFigures.Files.of(new long[] {64 * MB - 1, 64 * MB}, 64 * MB);
    assertThat(f.numSmallFiles()).isEqualTo(1);
  }

  @Test
  void deletedRowsAreDueFrom5PercentAndBadFrom30() {
    assertThat(HealthChecks.deletedRows(rows(1000, 49, 0), DEFAULTS).verdict()).isEqualTo(Verdict.OK);
    assertThat(HealthChecks.deletedRows(rows(1000, 50, 0), DEFAULTS))
        .isEqualTo(new HealthCheck("deletedRows", Verdict.DUE, 0.05, ">= 5%",
            "deletion vectors hide 50 of 1000 rows (5%): run optimize (it rewrites the 0 files over 5% deleted)"));
    assertThat(HealthChecks.deletedRows(rows(1000, 299, 0), DEFAULTS).verdict()).isEqualTo(Verdict.DUE);
    assertThat(HealthChecks.deletedRows(rows(1000, 300, 0), DEFAULTS).verdict()).isEqualTo(Verdict.BAD);
    assertThat(HealthChecks.deletedRows(rows(0, 0, 0), DEFAULTS).verdict()).isEqualTo(Verdict.OK);
  }

  @Test
  void checkpointIsDueFromTwiceTheIntervalAndBadFrom1000Commits() {
    assertThat(HealthChecks.checkpoint(log(19, 0), DEFAULTS).verdict()).isEqualTo(Verdict.OK);
    assertThat(HealthChecks.checkpoint(log(20, 0), DEFAULTS)).isEqualTo(new HealthCheck("checkpoint", Verdict.DUE,
        20L, ">= 20 commits", "20 commits since the last checkpoint (version 480): run checkpoint"));
    assertThat(HealthChecks.checkpoint(log(999, 0), DEFAULTS).verdict()).isEqualTo(Verdict.DUE);
    assertThat(HealthChecks.checkpoint(log(1000, 0), DEFAULTS).verdict()).isEqualTo(Verdict.BAD);
  }

  @Test
  void logCleanupIsDueFrom100FilesPastRetention() {
    assertThat(HealthChecks.logCleanup(log(0, 99), DEFAULTS).verdict()).isEqualTo(Verdict.OK);
    assertThat(HealthChecks.logCleanup(log(0, 100), DEFAULTS)).isEqualTo(new HealthCheck("logCleanup", Verdict.DUE,
        100L, ">= 100 files", "100 _delta_log files (97.7 KiB) are older than the log retention 720h and before a"
        + " checkpoint that is: run log-cleanup"));
    assertThat(HealthChecks.logCleanup(log(0, 10_000), DEFAULTS).verdict()).isEqualTo(Verdict.BAD);
  }

  @Test
  void anyFileWithoutStatisticsMakesThemDueUnlessTheThresholdIs0() {
    assertThat(HealthChecks.statistics(rows(10, 0, 0), DEFAULTS).verdict()).isEqualTo(Verdict.OK);
    assertThat(HealthChecks.statistics(rows(10, 0, 1), DEFAULTS).verdict()).isEqualTo(Verdict.DUE);
    HealthPolicy off = HealthPolicy.forTable(Map.of(),
        HealthPolicy.Overrides.of(null, Map.of("filesWithoutStatsDue", "0")));
    assertThat(HealthChecks.statistics(rows(10, 0, 5), off).verdict()).isEqualTo(Verdict.OK);
  }

  @Test
  void theResultsVerdictIsItsWorstChecks() {
    List<HealthCheck> checks = HealthChecks.evaluate(files(0, 1), rows(10, 0, 0), log(1000, 0), DEFAULTS);
    assertThat(checks).extracting(HealthCheck::name)
        .containsExactly("smallFiles", "deletedRows", "checkpoint", "logCleanup", "statistics");
    HealthResult r = new HealthResult("t", files(0, 1), rows(10, 0, 0), log(1000, 0),
        HealthFigures.Tombstones.NONE, HealthFigures.Columns.NONE, null, List.of(), List.of(),
        Map.of(), checks);
    assertThat(r.verdict()).isEqualTo(Verdict.BAD);
  }

  @Test
  void percentilesAreNearestRankAndTheHistogramDoublesFrom1MiB() {
    long[] sizes = new long[100];
    for (int i = 0; i < 100; i++) {
      sizes[i] = (i + 1) * 1000L;
    }
    HealthFigures.Files f = HealthFigures.Files.of(sizes, 64 * MB);
    assertThat(List.of(f.minFileSize(), f.p10FileSize(), f.medianFileSize(), f.meanFileSize(), f.p95FileSize(),
        f.maxFileSize())).containsExactly(1000L, 10_000L, 50_000L, 50_500L, 95_000L, 100_000L);
    assertThat(HealthFigures.Files.of(new long[0], 1).medianFileSize()).isZero();
    assertThat(HealthFigures.histogram(new long[] {10, MB - 1, MB, 3 * MB, 4 * MB}))
        .containsExactly(new HealthFigures.Bucket(0, MB, 2, 10 + MB - 1),
            new HealthFigures.Bucket(MB, 2 * MB, 1, MB),
            new HealthFigures.Bucket(2 * MB, 4 * MB, 1, 3 * MB),
            new HealthFigures.Bucket(4 * MB, 8 * MB, 1, 4 * MB));
  }

  @Test
  void vacuumIsDueFromOneReclaimableFileAndBadFrom100GiBAndOffAt0() {
    Duration week = Duration.ofDays(7);
    assertThat(HealthChecks.vacuum(new HealthFigures.Tombstones(week, 5, 500, 0, 0), DEFAULTS)).isEqualTo(
        new HealthCheck("vacuum", Verdict.OK, 0L, ">= 1 files", "0 files (0 B) removed over 168h ago may still be in"
            + " storage"));
    assertThat(HealthChecks.vacuum(new HealthFigures.Tombstones(week, 5, 500, 2, 200), DEFAULTS)).isEqualTo(
        new HealthCheck("vacuum", Verdict.DUE, 2L, ">= 1 files", "2 files (200 B) removed over 168h ago may still be"
            + " in storage: run vacuum"));
    assertThat(HealthChecks.vacuum(new HealthFigures.Tombstones(week, 5, 100L << 30, 5, 100L << 30), DEFAULTS))
        .extracting(HealthCheck::verdict, HealthCheck::threshold).containsExactly(Verdict.BAD, ">= 100 GiB");
    HealthPolicy off = HealthPolicy.forTable(Map.of(),
        HealthPolicy.Overrides.of(null, Map.of("reclaimableFilesDue", "0")));
    assertThat(HealthChecks.vacuum(new HealthFigures.Tombstones(week, 5, 100L << 30, 5, 100L << 30), off).verdict())
        .isEqualTo(Verdict.OK);
    assertThat(HealthChecks.evaluate(files(0, 1), rows(10, 0, 0), log(0, 0), HealthFigures.Tombstones.NONE,
        HealthFigures.Columns.NONE, DEFAULTS))
        .extracting(HealthCheck::name)
        .containsExactly("smallFiles", "deletedRows", "checkpoint", "logCleanup", "statistics", "vacuum");
  }
}
