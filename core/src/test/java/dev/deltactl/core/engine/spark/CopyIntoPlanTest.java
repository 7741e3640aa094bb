package dev.deltactl.core.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deltactl.core.api.CopyIntoRequest;
import dev.deltactl.core.api.CopyIntoResult;
import dev.deltactl.core.api.SourceFormat;
import dev.deltactl.core.api.TableRef;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;

/**
 * Which files a copy-into run loads, skips and rejects, from the table's record, the same rules on every
 * Spark engine (the one difference: whether a record can go back to an older time), without Spark.
 */
class CopyIntoPlanTest {
  static final CopyIntoFiles.SourceFile A = file("a.csv", 10, 1000);
  static final CopyIntoFiles.SourceFile B = file("b.csv", 10, 2000);
  static final CopyIntoFiles.SourceFile EMPTY = file("empty.csv", 0, 1000);

  static CopyIntoFiles.SourceFile file(String name, long size, long mtime) {
    Path p = new Path("file:/landing/" + name);
    return new CopyIntoFiles.SourceFile(name, "file:///landing/" + name,
        new FileStatus(size, false, 1, 1, mtime, p));
  }

  static CopyIntoRequest request(boolean force, boolean detectChanges) {
    return CopyIntoRequest.into(TableRef.parse("/t")).from("/landing", SourceFormat.CSV).force(force)
        .detectChanges(detectChanges).onError(CopyIntoRequest.OnError.SKIP_FILE, null).build();
  }

  static SparkCopyInto.Plan plan(CopyIntoRequest r, Map<CopyIntoFiles.SourceFile, Long> recorded,
      Map<String, String> unreadable, boolean goesBack) {
    return SparkCopyInto.plan(r, List.of(A, B, EMPTY), recorded, Map.of(), unreadable, goesBack, null);
  }

  static SparkCopyInto.Plan expiring(CopyIntoRequest r, Map<CopyIntoFiles.SourceFile, Long> recorded, long horizon) {
    return SparkCopyInto.plan(r, List.of(A, B, EMPTY), recorded, Map.of(), Map.of(), true, horizon);
  }

  @Test
  void aRecordedFileIsSkippedAnEmptyOneRejectedTheRestLoaded() {
    for (boolean goesBack : new boolean[] {true, false}) {
      SparkCopyInto.Plan p = plan(request(false, false), Map.of(A, 1000L), Map.of(), goesBack);
      assertThat(p.toLoad()).containsExactly(B);
      assertThat(p.skipped()).isEqualTo(1);
      assertThat(p.rejected()).containsExactly(new CopyIntoResult.Rejected("empty.csv", "empty file"));
    }
  }

  @Test
  void aChangedFileLoadsAgainOnlyWithDetectChangesAndForceLoadsEverything() {
    Map<CopyIntoFiles.SourceFile, Long> older = Map.of(A, 500L, B, 2000L);
    assertThat(plan(request(false, false), older, Map.of(), true).toLoad()).isEmpty();
    assertThat(plan(request(false, true), older, Map.of(), true).toLoad()).containsExactly(A);
    assertThat(plan(request(true, false), older, Map.of(), true).toLoad()).containsExactly(A, B);
  }

  @Test
  void aFileChangedToAnOlderTimeIsRejectedWhereItsRecordCannotGoBack() {
    Map<CopyIntoFiles.SourceFile, Long> newer = Map.of(A, 5000L);
    assertThat(plan(request(false, true), newer, Map.of(), true).toLoad()).containsExactly(A, B);
    SparkCopyInto.Plan connect = plan(request(false, true), newer, Map.of(), false);
    assertThat(connect.toLoad()).containsExactly(B);
    assertThat(connect.rejected().get(0).file()).isEqualTo("a.csv");
    assertThat(connect.rejected().get(0).reason()).startsWith("changed, with a modification time older than");
    assertThat(plan(request(true, true), newer, Map.of(), false).toLoad()).containsExactly(A, B);
  }

  @Test
  void aFileThatDidNotReadIsRejectedAndSetAside() {
    SparkCopyInto.Plan p = plan(request(false, false), Map.of(), Map.of("/landing/b.csv", "not valid JSON"), true);
    assertThat(p.toLoad()).containsExactly(A);
    assertThat(p.rejected()).contains(new CopyIntoResult.Rejected("b.csv", "not valid JSON"));
    assertThat(p.aside()).hasSize(1);
    assertThat(p.aside().get(0).getString(0)).isEqualTo("file:/landing/b.csv");
  }

  /**
   * On a table whose record expires, a file last modified before the horizon may have been loaded and lost its
   * record: it is rejected, not loaded again; a recorded one is skipped as ever; --force loads them.
   */
  @Test
  void whereTheRecordExpiresAFileOlderThanItReachesIsNotLoadedUnlessForced() {
    SparkCopyInto.Plan p = expiring(request(false, false), Map.of(), 1500);
    assertThat(p.toLoad()).containsExactly(B);
    assertThat(p.skipped()).isZero();
    assertThat(p.rejected()).containsExactly(new CopyIntoResult.Rejected("a.csv", "last modified before the"
        + " table's record of loaded files reaches back (delta.setTransactionRetentionDuration): if it was loaded,"
        + " its record has expired; --force loads it (with --files for it alone)"),
        new CopyIntoResult.Rejected("empty.csv", "empty file"));
    SparkCopyInto.Plan recorded = expiring(request(false, false), Map.of(A, 1000L), 1500);
    assertThat(recorded.toLoad()).containsExactly(B);
    assertThat(recorded.skipped()).isEqualTo(1);
    assertThat(recorded.rejected()).extracting(CopyIntoResult.Rejected::file).containsExactly("empty.csv");
    // changed since it was recorded, but before the horizon: not loaded again even with --detect-changes
    assertThat(expiring(request(false, true), Map.of(A, 500L), 1500).toLoad()).containsExactly(B);
    assertThat(expiring(request(false, true), Map.of(A, 500L), 900).toLoad()).containsExactly(A, B);
    assertThat(expiring(request(true, false), Map.of(), 1500).toLoad()).containsExactly(A, B);
    assertThat(expiring(request(false, false), Map.of(), 1000).toLoad()).containsExactly(A, B);
  }

  @Test
  void theHorizonIsTheRetentionBackLessAnHourAndARetentionUnderAWeekIsRefused() {
    long now = 100L * 86_400_000L;
    assertThat(SparkCopyInto.horizon(null, now)).isNull();
    assertThat(SparkCopyInto.horizon(java.time.Duration.ofDays(30), now))
        .isEqualTo(now - 30L * 86_400_000L + 3_600_000L);
    assertThat(SparkCopyInto.horizon(java.time.Duration.ofDays(7), now)).isEqualTo(now - 167L * 3_600_000L);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SparkCopyInto.horizon(java.time.Duration.ofHours(167),
        now)).isInstanceOfSatisfying(dev.deltactl.core.error.DeltactlException.class, e -> {
          assertThat(e.code()).isEqualTo(dev.deltactl.core.error.ErrorCode.INVALID_ARGUMENT);
          assertThat(e.getMessage()).isEqualTo("the table's delta.setTransactionRetentionDuration (167h) is"
              + " shorter than copy-into's record of loaded files needs: at least 168h");
        });
  }
}
