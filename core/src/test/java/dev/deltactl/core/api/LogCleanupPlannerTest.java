package dev.deltactl.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which _delta_log files an expired-log cleanup deletes, from a listing alone. */
class LogCleanupPlannerTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final Duration THIRTY_DAYS = Duration.ofDays(30);
  /** now - 30 days, truncated to midnight UTC. */
  private static final Instant CUTOFF = Instant.parse("2026-01-30T00:00:00Z");
  private static final Instant OLD = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant RECENT = Instant.parse("2026-02-28T00:00:00Z");

  private static String v(long version) {
    return String.format("%020d", version);
  }

  private static LogFile file(String name, Instant time) {
    return LogFile.parse(name, 100, time).orElseThrow();
  }

  /** A commit and its checksum per version, an hour apart from {@code start}. */
  private static List<LogFile> commits(long from, long to, Instant start) {
    List<LogFile> out = new ArrayList<>();
    for (long i = from; i <= to; i++) {
      Instant t = start.plusSeconds(3600 * i);
      out.add(file(v(i) + ".json", t));
      out.add(file(v(i) + ".crc", t));
    }
    return out;
  }

  private static LogFile checkpoint(long version, Instant start) {
    return file(v(version) + ".checkpoint.parquet", start.plusSeconds(3600 * version));
  }

  private static List<String> names(LogCleanupPlanner.Decision d) {
    return d.toDelete().stream().map(LogFile::name).toList();
  }

  private static List<String> commitsAndChecksums(long from, long to) {
    List<String> out = new ArrayList<>();
    for (long i = from; i <= to; i++) {
      out.add(v(i) + ".crc");
      out.add(v(i) + ".json");
    }
    return out;
  }

  @Test
  void theCutoffIsNowMinusTheRetentionTruncatedToMidnightUtcAsDeltaDoes() {
    assertThat(LogCleanupPlanner.cutoff(NOW, THIRTY_DAYS)).isEqualTo(CUTOFF);
    assertThat(LogCleanupPlanner.cutoff(Instant.parse("2026-03-01T00:00:00Z"), Duration.ofHours(1)))
        .isEqualTo(Instant.parse("2026-02-28T00:00:00Z"));
  }

  @Test
  void withoutACheckpointNothingIsDeletedHoweverOld() {
    LogCleanupPlanner.Decision d = LogCleanupPlanner.plan(commits(0, 9, OLD), THIRTY_DAYS, NOW);
    assertThat(d.toDelete()).isEmpty();
    assertThat(d.checkpointKept()).isNull();
    assertThat(d.totalBytes()).isZero();
    assertThat(d.oldestReachableBefore()).isZero();
    assertThat(d.oldestReachableAfter()).isZero();
    assertThat(d.firstUnreachable()).isNull();
  }

  @Test
  void everyFileBeforeTheNewestExpiredCheckpointIsDeletedAndTheCheckpointAndItsCommitStay() {
    List<LogFile> log = commits(0, 20, OLD);
    log.add(checkpoint(10, OLD));
    LogCleanupPlanner.Decision d = LogCleanupPlanner.plan(log, THIRTY_DAYS, NOW);
    assertThat(d.checkpointKept()).isEqualTo(10);
    assertThat(names(d)).containsExactlyElementsOf(commitsAndChecksums(0, 9));
    assertThat(d.totalBytes()).isEqualTo(2000);
    assertThat(d.oldestReachableBefore()).isZero();
    assertThat(d.oldestReachableAfter()).isEqualTo(10);
    assertThat(d.firstUnreachable()).isZero();
    assertThat(d.lastUnreachable()).isEqualTo(9);
  }

  @Test
  void theLatestCheckpointIsNeverDeletedAnOlderOneIs() {
    List<LogFile> log = commits(0, 25, OLD);
    log.add(checkpoint(10, OLD));
    log.add(checkpoint(20, OLD));
    LogCleanupPlanner.Decision d = LogCleanupPlanner.plan(log, THIRTY_DAYS, NOW);
    assertThat(d.checkpointKept()).isEqualTo(20);
    List<String> expected = new ArrayList<>(commitsAndChecksums(0, 19));
    expected.add(expected.indexOf(v(10) + ".crc"), v(10) + ".checkpoint.parquet");
    assertThat(names(d)).containsExactlyElementsOf(expected);
    assertThat(names(d)).doesNotContain(v(20) + ".checkpoint.parquet", v(20) + ".json");
    assertThat(d.oldestReachableAfter()).isEqualTo(20);
  }

  @Test
  void aCheckpointNewerThanTheCutoffLetsNothingGoPastAnOlderExpiredCheckpoint() {
    // versions 0..14 expired, 15..25 recent; checkpoints at 10 (expired) and 20 (recent). delta-spark would
    // delete 0..14 here (everything expired below the latest checkpoint), leaving 11..19 without a checkpoint
    // to rebuild from; the checkpoint at 10 must stay for them.
    List<LogFile> log = commits(0, 14, OLD);
    log.addAll(commits(15, 25, RECENT));
    log.add(checkpoint(10, OLD));
    log.add(checkpoint(20, RECENT));
    LogCleanupPlanner.Decision d = LogCleanupPlanner.plan(log, THIRTY_DAYS, NOW);
    assertThat(d.checkpointKept()).isEqualTo(10);
    assertThat(names(d)).containsExactlyElementsOf(commitsAndChecksums(0, 9));
    assertThat(d.oldestReachableAfter()).isEqualTo(10);
  }

  @Test
  void onlyACheckpointNewerThanTheCutoffLetsNothingGo() {
    List<LogFile> log = commits(0, 14, OLD);
    log.addAll(commits(15, 25, RECENT));
    log.add(checkpoint(20, RECENT));
    LogCleanupPlanner.Decision d = LogCleanupPlanner.plan(log, THIRTY_DAYS, NOW);
    assertThat(d.toDelete()).isEmpty();
    assertThat(d.checkpointKept()).isNull();
    assertThat(d.oldestReachableBefore()).isZero();
    assertThat(d.oldestReachableAfter()).isZero();
  }

  @Test
  void aMultiPartCheckpointCountsOnlyWithAllItsParts() {
    List<LogFile> log = commits(0, 20, OLD);
    Instant t10 = OLD.plusSeconds(36000);
    Instant t15 = OLD.plusSeconds(54000);
    Instant t5 = OLD.plusSeconds(18000);
    for (int p = 1; p <= 3; p++) {
      log.add(file(v(10) + ".checkpoint." + String.format("%010d.%010d", p, 3) + ".parquet", t10));
    }
    // incomplete: 2 of 3 parts, at 15 (not a base) and at 5 (deleted with the rest)
    log.add(file(v(15) + ".checkpoint.0000000001.0000000003.parquet", t15));
    log.add(file(v(15) + ".checkpoint.0000000002.0000000003.parquet", t15));
    log.add(file(v(5) + ".checkpoint.0000000001.0000000002.parquet", t5));
    LogCleanupPlanner.Decision d = LogCleanupPlanner.plan(log, THIRTY_DAYS, NOW);
    assertThat(d.checkpointKept()).isEqualTo(10);
    List<String> expected = new ArrayList<>(commitsAndChecksums(0, 9));
    expected.add(expected.indexOf(v(5) + ".crc"), v(5) + ".checkpoint.0000000001.0000000002.parquet");
    assertThat(names(d)).containsExactlyElementsOf(expected);
    assertThat(LogCleanupPlanner.completeCheckpoints(log)).containsExactly(10L);

    // without its third part the checkpoint at 10 is no base either: nothing goes
    List<LogFile> incomplete = log.stream()
        .filter(f -> !f.name().equals(v(10) + ".checkpoint.0000000003.0000000003.parquet")).toList();
    assertThat(LogCleanupPlanner.plan(incomplete, THIRTY_DAYS, NOW).toDelete()).isEmpty();
  }

  @Test
  void aV2CheckpointsTopLevelFileIsACompleteCheckpoint() {
    List<LogFile> log = commits(0, 12, OLD);
    log.add(file(v(10) + ".checkpoint.80a083e8-7026-4e79-81be-64bd76c8a25e.json", OLD.plusSeconds(36000)));
    LogCleanupPlanner.Decision d = LogCleanupPlanner.plan(log, THIRTY_DAYS, NOW);
    assertThat(d.checkpointKept()).isEqualTo(10);
    assertThat(names(d)).containsExactlyElementsOf(commitsAndChecksums(0, 9));
  }

  @Test
  void aGapInTheCommitsBeforeTheCheckpointIsDeletedAndReachabilityStartsAtTheCheckpoint() {
    List<LogFile> log = new ArrayList<>(commits(0, 4, OLD));
    log.addAll(commits(6, 12, OLD)); // version 5 is missing: 0..4 cannot be reached now
    log.add(checkpoint(8, OLD));
    LogCleanupPlanner.Decision d = LogCleanupPlanner.plan(log, THIRTY_DAYS, NOW);
    assertThat(d.checkpointKept()).isEqualTo(8);
    List<String> expected = new ArrayList<>(commitsAndChecksums(0, 4));
    expected.addAll(commitsAndChecksums(6, 7));
    assertThat(names(d)).containsExactlyElementsOf(expected);
    assertThat(d.oldestReachableBefore()).isEqualTo(8);
    assertThat(d.oldestReachableAfter()).isEqualTo(8);
    assertThat(d.firstUnreachable()).isNull();
  }

  @Test
  void equalTimestampsAreMadeMonotonicAcrossVersionsAsDeltaDoes() {
    // every file stamped exactly at the cutoff: version 0 is at it (expired), version 1 becomes cutoff + 1 ms, and
    // the walk stops there; the checkpoint at 5 never expires, so nothing goes
    List<LogFile> log = new ArrayList<>();
    for (long i = 0; i <= 9; i++) {
      log.add(file(v(i) + ".json", CUTOFF));
      log.add(file(v(i) + ".crc", CUTOFF));
    }
    log.add(file(v(5) + ".checkpoint.parquet", CUTOFF));
    LogCleanupPlanner.Decision d = LogCleanupPlanner.plan(log, THIRTY_DAYS, NOW);
    assertThat(d.toDelete()).isEmpty();
    // 9 versions after the first are moved; files of the same version are not moved against each other
    assertThat(d.adjustedTimestamps()).isEqualTo(9);

    // all at one old time: the adjusted times stay far before the cutoff and the checkpoint at 5 expires
    List<LogFile> old = log.stream().map(f -> LogFile.parse(f.name(), 100, OLD).orElseThrow()).toList();
    LogCleanupPlanner.Decision o = LogCleanupPlanner.plan(old, THIRTY_DAYS, NOW);
    assertThat(names(o)).containsExactlyElementsOf(commitsAndChecksums(0, 4));
    // the deleted files keep their real times in the plan
    assertThat(o.toDelete()).allSatisfy(f -> assertThat(f.modificationTime()).isEqualTo(OLD));
  }

  @Test
  void aRecentFileOfAnOldVersionStopsTheWalkThere() {
    // version 3 was rewritten recently (a copy): the walk stops at it, so the checkpoint at 5 is not expired
    List<LogFile> log = new ArrayList<>(commits(0, 9, OLD));
    log.replaceAll(f -> f.version() == 3 ? LogFile.parse(f.name(), 100, RECENT).orElseThrow() : f);
    log.add(checkpoint(5, OLD));
    LogCleanupPlanner.Decision d = LogCleanupPlanner.plan(log, THIRTY_DAYS, NOW);
    assertThat(d.toDelete()).isEmpty();
  }

  @Test
  void aFileAfterMidnightOfTheCutoffDayIsKept() {
    // the checkpoint at 5 was written at 06:00 on the cutoff day: older than now - 30 days, younger than the cutoff
    List<LogFile> log = new ArrayList<>(commits(0, 4, OLD));
    log.add(file(v(5) + ".checkpoint.parquet", Instant.parse("2026-01-30T06:00:00Z")));
    log.add(file(v(5) + ".json", Instant.parse("2026-01-30T06:00:00Z")));
    assertThat(LogCleanupPlanner.plan(log, THIRTY_DAYS, NOW).toDelete()).isEmpty();
    // one day more of age and it goes
    assertThat(LogCleanupPlanner.plan(log, THIRTY_DAYS, NOW.plus(Duration.ofDays(1))).toDelete()).hasSize(10);
  }

  @Test
  void onlyCommitCheckpointAndChecksumNamesAreLogFiles() {
    assertThat(LogFile.parse(v(7) + ".json", 1, OLD).orElseThrow().kind()).isEqualTo(LogFile.Kind.COMMIT);
    assertThat(LogFile.parse(v(7) + ".crc", 1, OLD).orElseThrow().kind()).isEqualTo(LogFile.Kind.CHECKSUM);
    assertThat(LogFile.parse(v(7) + ".checkpoint.parquet", 1, OLD).orElseThrow().kind())
        .isEqualTo(LogFile.Kind.CHECKPOINT);
    LogFile part = LogFile.parse(v(7) + ".checkpoint.0000000002.0000000003.parquet", 1, OLD).orElseThrow();
    assertThat(List.of(part.kind(), part.version(), (long) part.part(), (long) part.parts()))
        .containsExactly(LogFile.Kind.CHECKPOINT_PART, 7L, 2L, 3L);
    for (String other : List.of("_last_checkpoint", v(0) + "." + v(5) + ".compacted.json", "." + v(1) + ".json.tmp",
        v(7) + ".checkpoint.0000000004.0000000003.parquet", "7.json", "_sidecars", "_commits")) {
      assertThat(LogFile.parse(other, 1, OLD)).as(other).isEmpty();
    }
  }
}
