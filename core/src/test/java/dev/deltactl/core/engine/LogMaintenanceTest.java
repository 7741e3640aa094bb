package dev.deltactl.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deltactl.core.api.CheckpointPlan;
import dev.deltactl.core.api.LogCleanupRequest;
import dev.deltactl.core.api.LogCleanupResult;
import dev.deltactl.core.api.TableRef;
import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Log cleanup and checkpoint planning on a log folder through Hadoop's local file system, without an engine. */
class LogMaintenanceTest {
  @TempDir Path tmp;

  private static String v(long version) {
    return String.format("%020d", version);
  }

  /** Commits 0..9 and a checkpoint at 5, written through Hadoop (so with its .crc side files), all 40 days old. */
  private LogMaintenance log() throws IOException {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    Path log = tmp.resolve("t").resolve("_delta_log");
    Files.createDirectories(log);
    Instant old = Instant.now().minus(40, ChronoUnit.DAYS);
    for (long i = 0; i <= 9; i++) {
      write(fs, log.resolve(v(i) + ".json"), old.plusSeconds(i));
    }
    write(fs, log.resolve(v(5) + ".checkpoint.parquet"), old.plusSeconds(5));
    Files.writeString(log.resolve("_last_checkpoint"), "{\"version\":5,\"size\":1}");
    return new LogMaintenance(fs, new org.apache.hadoop.fs.Path(tmp.resolve("t").toUri()), "t");
  }

  private static void write(FileSystem fs, Path p, Instant time) throws IOException {
    try (var out = fs.create(new org.apache.hadoop.fs.Path(p.toUri()), true)) {
      out.write("{}".getBytes());
    }
    Files.setLastModifiedTime(p, FileTime.from(time));
  }

  private List<String> names() throws IOException {
    try (Stream<Path> s = Files.list(tmp.resolve("t").resolve("_delta_log"))) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static LogCleanupRequest request(Duration retain, boolean dryRun, boolean force) {
    return new LogCleanupRequest(TableRef.parse("/t"), retain, dryRun, force);
  }

  @Test
  void deletesThePlannedFilesAndHadoopsChecksumSideFilesWithThem() throws IOException {
    LogMaintenance log = log();
    LogCleanupResult dry = log.cleanUp(request(null, true, false), 9, Map.of());
    assertThat(dry.status()).isEqualTo(LogCleanupResult.Status.DRY_RUN);
    assertThat(dry.plan().files()).extracting(f -> f.name())
        .containsExactly(v(0) + ".json", v(1) + ".json", v(2) + ".json", v(3) + ".json", v(4) + ".json");
    assertThat(names()).contains("." + v(0) + ".json.crc").hasSize(2 * 11 + 1);

    LogCleanupResult r = log.cleanUp(request(null, false, false), 9, Map.of());
    assertThat(r.status()).isEqualTo(LogCleanupResult.Status.CLEANED);
    assertThat(r.numDeletedFiles()).isEqualTo(5);
    assertThat(r.bytesDeleted()).isEqualTo(10);
    assertThat(names()).doesNotContain(v(0) + ".json", "." + v(0) + ".json.crc", v(4) + ".json",
        "." + v(4) + ".json.crc").contains(v(5) + ".checkpoint.parquet", v(5) + ".json", "_last_checkpoint")
        .hasSize(2 * 6 + 1);
    assertThat(log.cleanUp(request(null, false, false), 9, Map.of()).status())
        .isEqualTo(LogCleanupResult.Status.NOTHING_TO_DELETE);
  }

  @Test
  void theTablesRetentionIsReadInDeltasIntervalFormatAndOnlyLengthenedWithoutForce() throws IOException {
    LogMaintenance log = log();
    Map<String, String> fiftyDays = Map.of(LogMaintenance.LOG_RETENTION, "interval 50 days");
    LogCleanupResult kept = log.cleanUp(request(null, true, false), 9, fiftyDays);
    assertThat(kept.plan().tableRetention()).isEqualTo(Duration.ofDays(50));
    assertThat(kept.plan().files()).isEmpty();
    assertThatThrownBy(() -> log.cleanUp(request(Duration.ofDays(30), true, false), 9, fiftyDays))
        .isInstanceOf(DeltactlException.class)
        .hasMessage("log-cleanup refused: retention 720h is below the table's log retention 1200h"
            + " (delta.logRetentionDuration); use --force to override")
        .extracting(e -> ((DeltactlException) e).code()).isEqualTo(ErrorCode.SAFETY_CHECK);
    assertThat(log.cleanUp(request(Duration.ofDays(30), true, true), 9, fiftyDays).plan().files()).hasSize(5);
    assertThat(LogMaintenance.logRetention(Map.of(LogMaintenance.LOG_RETENTION, "interval 1 week")))
        .isEqualTo(Duration.ofDays(7));
    assertThat(LogMaintenance.logRetention(Map.of())).isEqualTo(Duration.ofDays(30));
  }

  @Test
  void aTableThatTurnedCleanupOffIsRefusedUnlessForced() throws IOException {
    LogMaintenance log = log();
    Map<String, String> off = Map.of("delta.enableExpiredLogCleanup", "false");
    assertThatThrownBy(() -> log.cleanUp(request(null, false, false), 9, off))
        .hasMessage("log-cleanup refused: the table sets delta.enableExpiredLogCleanup=false; use --force to clean"
            + " its log anyway");
    assertThat(names()).hasSize(2 * 11 + 1);
    assertThat(log.cleanUp(request(null, false, true), 9, off).numDeletedFiles()).isEqualTo(5);
  }

  @Test
  void theCheckpointPlanNamesTheLastCheckpointItsKindAndTheCommitsSince() throws IOException {
    CheckpointPlan p = log().checkpointPlan(9, "classic");
    assertThat(p.lastCheckpointVersion()).isEqualTo(5);
    assertThat(p.lastCheckpointKind()).isEqualTo("classic");
    assertThat(p.commitsSinceLastCheckpoint()).isEqualTo(4);
    assertThat(p.upToDate()).isFalse();
    assertThat(log().checkpointPlan(5, "classic").upToDate()).isTrue();
  }
  /**
   * Hadoop's local file system, which runs {@code change} (on the real files) when the log is listed for the
   * {@code at}-th time: log-cleanup lists it once to plan and once more right before deleting.
   */
  static final class ChangingListing extends org.apache.hadoop.fs.LocalFileSystem {
    private final int at;
    private final IoAction change;
    private int listings;

    ChangingListing(int at, IoAction change) throws IOException {
      this.at = at;
      this.change = change;
      initialize(java.net.URI.create("file:///"), new Configuration());
    }

    @Override
    public org.apache.hadoop.fs.FileStatus[] listStatus(org.apache.hadoop.fs.Path f) throws IOException {
      if (f.getName().equals("_delta_log") && ++listings == at) {
        change.run();
      }
      return super.listStatus(f);
    }
  }

  interface IoAction {
    void run() throws IOException;
  }

  /** The log of {@link #log()}, cleaned with a file system that runs {@code change} before the second listing. */
  private LogCleanupResult cleanUpChangingBeforeDelete(IoAction change) throws IOException {
    LogMaintenance log = log();
    LogMaintenance changing = new LogMaintenance(new ChangingListing(2, change), log.table(), "t");
    return changing.cleanUp(request(null, false, false), 9, Map.of());
  }

  @Test
  void aLogRewrittenBetweenThePlanAndTheDeleteIsAConflictAndNothingIsDeleted() throws IOException {
    Path log = tmp.resolve("t").resolve("_delta_log");
    var seen = new java.util.concurrent.atomic.AtomicReference<List<String>>();
    // the table deleted and created again at the same path: version 0 is another file now
    assertThatThrownBy(() -> cleanUpChangingBeforeDelete(() -> {
      Files.writeString(log.resolve(v(0) + ".json"), "{\"commitInfo\":{}}");
      seen.set(names());
    }))
        .isInstanceOf(DeltactlException.class)
        .hasMessage("the log of t changed while log-cleanup was planning; nothing was deleted; run log-cleanup again")
        .extracting(e -> ((DeltactlException) e).code()).isEqualTo(ErrorCode.CONCURRENT_MODIFICATION);
    assertThat(names()).isEqualTo(seen.get()).hasSize(2 * 11 + 1);
  }

  @Test
  void aKeptCheckpointRemovedBetweenThePlanAndTheDeleteIsAConflictAndNothingIsDeleted() throws IOException {
    Path log = tmp.resolve("t").resolve("_delta_log");
    assertThatThrownBy(() -> cleanUpChangingBeforeDelete(
        () -> Files.delete(log.resolve(v(5) + ".checkpoint.parquet"))))
        .extracting(e -> ((DeltactlException) e).code()).isEqualTo(ErrorCode.CONCURRENT_MODIFICATION);
    assertThat(names()).contains(v(0) + ".json", v(4) + ".json").hasSize(2 * 11);
  }

  @Test
  void aNewCommitOrAPlannedFileAlreadyGoneBetweenThePlanAndTheDeleteIsFine() throws IOException {
    Path log = tmp.resolve("t").resolve("_delta_log");
    LogCleanupResult appended = cleanUpChangingBeforeDelete(
        () -> Files.writeString(log.resolve(v(10) + ".json"), "{}"));
    assertThat(appended.status()).isEqualTo(LogCleanupResult.Status.CLEANED);
    assertThat(appended.numDeletedFiles()).isEqualTo(5);
    assertThat(names()).contains(v(10) + ".json").doesNotContain(v(0) + ".json", v(4) + ".json");

    // another cleaner deleted version 0 first: this run counts only what it deleted itself
    LogCleanupResult raced = cleanUpChangingBeforeDelete(() -> Files.delete(log.resolve(v(0) + ".json")));
    assertThat(raced.status()).isEqualTo(LogCleanupResult.Status.CLEANED);
    assertThat(raced.plan().files()).hasSize(5);
    assertThat(raced.numDeletedFiles()).isEqualTo(4);
    assertThat(raced.bytesDeleted()).isEqualTo(8);
    assertThat(names()).doesNotContain(v(0) + ".json", v(4) + ".json").contains(v(5) + ".json");
  }
}
