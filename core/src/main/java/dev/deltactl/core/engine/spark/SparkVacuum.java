package dev.deltactl.core.engine.spark;

import dev.deltactl.core.api.HistoryResult;
import dev.deltactl.core.api.TableRef;
import dev.deltactl.core.api.VacuumPlan;
import dev.deltactl.core.api.VacuumPlanner;
import dev.deltactl.core.api.VacuumRequest;
import dev.deltactl.core.api.VacuumResult;
import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * vacuum on every Spark engine: safety checks first, a plan from Delta's own dry run (sizes and times read
 * from storage), then Delta's vacuum, and what it deleted from its {@code VACUUM END} commit. The engines
 * differ only in how they read the log ({@link TableLog}).
 */
record SparkVacuum(SparkSession spark, TableLog log, TableRef ref, VacuumRequest request) {

  VacuumResult run() {
    long t0 = System.nanoTime();
    DeltaFacts.refuseUnknownWriterFeatures(log.writerFeatures());
    Duration minimum = log.deletedFileRetention();
    Duration retain = request.retain() == null ? minimum : request.retain();
    boolean belowMinimum = retain.compareTo(minimum) < 0;
    DeltaFacts.refuseShortRetention(retain, minimum, request.force());
    // the table's own retention is Delta's default: no RETAIN, which Delta would round to whole hours (a
    // retention of 30 minutes would become 1 hour, or 0 and refused by Delta's own check)
    String sql = "VACUUM " + Sql.table(ref) + " " + request.mode().name()
        + (request.retain() == null ? "" : " RETAIN " + DeltaFacts.hours(retain) + " HOURS");
    // --force lifts Delta's own retention check for this run only, never for the session
    Map<String, String> runConf = belowMinimum ? Map.of(DeltaFacts.RETENTION_CHECK, "false") : Map.of();
    return RunConf.with(spark, runConf, () -> {
      Instant deleteBefore = Instant.now().minus(retain);
      FileSystem fs = log.fileSystem();
      VacuumPlan plan = plan(fs, sql, retain, minimum, deleteBefore);
      if (request.dryRun()) {
        return new VacuumResult(VacuumResult.Status.DRY_RUN, plan, plan.version(), null, null, null, millis(t0));
      }
      sql(sql, "vacuum");
      Long deleted = null;
      Long directories = null;
      long version = plan.version();
      for (HistoryResult.Entry e : log.history(10)) {
        if ("VACUUM END".equals(e.operation()) && e.version() > plan.version()) {
          deleted = parse(e.operationMetrics().get("numDeletedFiles"));
          directories = parse(e.operationMetrics().get("numVacuumedDirectories"));
          version = e.version();
          break;
        }
      }
      // Delta reports the count when it logs the vacuum; bytes are ours: all planned ones when all went
      long[] gone = deleted != null && deleted == plan.numFiles()
          ? new long[] {deleted, plan.totalBytes()} : gone(fs, plan);
      return new VacuumResult(VacuumResult.Status.VACUUMED, plan, version, deleted == null ? gone[0] : deleted,
          directories, gone[1], millis(t0));
    });
  }

  /** Runs Delta's statement, its jobs followed, its failure explained. */
  private List<Row> sql(String sql, String what) {
    try (AutoCloseable ignored = log.progress(what)) {
      return spark.sql(sql).collectAsList();
    } catch (Exception e) {
      throw SparkErrors.vacuumFailure(e);
    }
  }

  private VacuumPlan plan(FileSystem fs, String sql, Duration retain, Duration minimum, Instant deleteBefore) {
    long version = log.version();
    Path root = new Path(log.location());
    List<VacuumPlan.FileInfo> files = new ArrayList<>();
    long bytes = 0;
    try {
      String prefix = fs.makeQualified(root).toUri().getPath();
      for (Row r : sql(sql + " DRY RUN", "vacuum: listing")) {
        Path path = new Path(r.getString(0));
        FileStatus st = fs.getFileStatus(path);
        String abs = fs.makeQualified(path).toUri().getPath();
        String rel = abs.startsWith(prefix + "/") ? abs.substring(prefix.length() + 1) : r.getString(0);
        files.add(new VacuumPlan.FileInfo(DeltaFacts.decode(rel), st.getLen(),
            Instant.ofEpochMilli(st.getModificationTime())));
        bytes += st.getLen();
      }
    } catch (IOException e) {
      throw new DeltactlException(ErrorCode.OPERATION_FAILED, "cannot read the files to delete: " + e.getMessage(), e);
    }
    files.sort(Comparator.comparing(VacuumPlan.FileInfo::path));
    List<VacuumPlanner.Commit> commits = log.timeline().stream()
        .map(c -> new VacuumPlanner.Commit(c.version(), c.timestamp())).toList();
    return new VacuumPlan(ref.display(), version, request.mode(), retain, minimum, deleteBefore, files, bytes,
        VacuumPlanner.oldestReadable(commits, deleteBefore, Instant.now().minus(minimum)));
  }

  /** How many of the planned files are gone, and their bytes. */
  private long[] gone(FileSystem fs, VacuumPlan plan) {
    try {
      Path root = new Path(log.location());
      long files = 0;
      long bytes = 0;
      for (VacuumPlan.FileInfo f : plan.files()) {
        if (!fs.exists(new Path(root, f.path()))) {
          files++;
          bytes += f.size();
        }
      }
      return new long[] {files, bytes};
    } catch (IOException e) {
      throw new DeltactlException(ErrorCode.OPERATION_FAILED, "cannot check the deleted files: " + e.getMessage(), e);
    }
  }

  private static Long parse(String s) {
    return s == null ? null : Long.parseLong(s);
  }

  private static long millis(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }
}
