package dev.deltactl.core.engine.spark;

import dev.deltactl.core.api.Durations;
import dev.deltactl.core.api.ProgressListener;
import dev.deltactl.core.api.TableRef;
import dev.deltactl.core.api.VacuumPlan;
import dev.deltactl.core.api.VacuumRequest;
import dev.deltactl.core.api.VacuumResult;
import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/** vacuum on Spark: safety checks first, a plan from Delta's own dry run, then Delta's vacuum. */
final class SparkVacuum {
  private final SparkSession spark;
  private final DeltaTable table;
  private final TableRef ref;
  private final VacuumRequest request;
  private final ProgressListener progress;

  SparkVacuum(SparkSession spark, DeltaTable table, TableRef ref, VacuumRequest request, ProgressListener progress) {
    this.spark = spark;
    this.table = table;
    this.ref = ref;
    this.request = request;
    this.progress = progress;
  }

  VacuumResult run() {
    long t0 = System.nanoTime();
    String location = table.detail().head().getAs("location");
    Snapshot snapshot = DeltaLog.forTable(spark, location).update(false, Option.empty(), Option.empty());
    checkFeatures(snapshot);
    Duration minimum = Duration.ofMillis(DeltaLog.tombstoneRetentionMillis(snapshot.metadata()));
    Duration retain = request.retain() == null ? minimum : request.retain();
    boolean belowMinimum = retain.compareTo(minimum) < 0;
    DeltaFacts.refuseShortRetention(retain, minimum, request.force());
    String sql = "VACUUM " + Sql.table(ref) + " " + request.mode().name() + " RETAIN " + DeltaFacts.hours(retain) + " HOURS";
    // --force lifts Delta's own retention check for this run only, never for the session
    Map<String, String> runConf = belowMinimum ? Map.of(DeltaFacts.RETENTION_CHECK, "false") : Map.of();
    return RunConf.with(spark, runConf, () -> {
      Instant deleteBefore = Instant.now().minus(retain);
      VacuumPlan plan = plan(sql, location, snapshot.version(), retain, minimum, deleteBefore);
      if (request.dryRun()) {
        return new VacuumResult(VacuumResult.Status.DRY_RUN, plan, plan.version(), null, null, null, millis(t0));
      }
      try (SparkProgress ignored = SparkProgress.follow(spark, "vacuum", progress)) {
        spark.sql(sql).collectAsList();
      } catch (Exception e) {
        throw SparkErrors.vacuumFailure(e);
      }
      Long deleted = null;
      Long directories = null;
      long version = plan.version();
      for (Row r : table.history(10).collectAsList()) {
        if ("VACUUM END".equals(r.getAs("operation")) && r.<Long>getAs("version") > plan.version()) {
          Map<String, String> metrics = RowValues.stringMap(r, "operationMetrics");
          deleted = parse(metrics.get("numDeletedFiles"));
          directories = parse(metrics.get("numVacuumedDirectories"));
          version = r.getAs("version");
          break;
        }
      }
      // Delta reports the count when it logs the vacuum; bytes are ours: all planned ones when all went
      long[] gone = deleted != null && deleted == plan.numFiles()
          ? new long[] {deleted, plan.totalBytes()} : gone(plan, location);
      return new VacuumResult(VacuumResult.Status.VACUUMED, plan, version, deleted == null ? gone[0] : deleted,
          directories, gone[1], millis(t0));
    });
  }

  private void checkFeatures(Snapshot snapshot) {
    DeltaFacts.refuseUnknownWriterFeatures(CollectionConverters.asJava(snapshot.protocol().writerFeatureNames()));
  }


  private VacuumPlan plan(String sql, String location, long version, Duration retain, Duration minimum,
      Instant deleteBefore) {
    List<String> paths = new ArrayList<>();
    try (SparkProgress ignored = SparkProgress.follow(spark, "vacuum: listing", progress)) {
      for (Row r : spark.sql(sql + " DRY RUN").collectAsList()) {
        paths.add(r.getString(0));
      }
    } catch (Exception e) {
      throw SparkErrors.vacuumFailure(e);
    }
    Path root = new Path(location);
    List<VacuumPlan.FileInfo> files = new ArrayList<>();
    long bytes = 0;
    try {
      FileSystem fs = root.getFileSystem(spark.sessionState().newHadoopConf());
      String prefix = fs.makeQualified(root).toUri().getPath();
      for (String p : paths) {
        Path path = new Path(p);
        FileStatus st = fs.getFileStatus(path);
        String abs = fs.makeQualified(path).toUri().getPath();
        String rel = abs.startsWith(prefix + "/") ? abs.substring(prefix.length() + 1) : p;
        files.add(new VacuumPlan.FileInfo(DeltaFacts.decode(rel), st.getLen(), Instant.ofEpochMilli(st.getModificationTime())));
        bytes += st.getLen();
      }
    } catch (IOException e) {
      throw new DeltactlException(ErrorCode.OPERATION_FAILED, "cannot read the files to delete: " + e.getMessage(), e);
    }
    files.sort(Comparator.comparing(VacuumPlan.FileInfo::path));
    return new VacuumPlan(ref.display(), version, request.mode(), retain, minimum, deleteBefore, files, bytes,
        oldestReadable(deleteBefore, Instant.now().minus(minimum)));
  }



  /**
   * The oldest version readable afterwards. Files-wise, the newest commit made before the cutoff keeps all
   * its files (those removed at or before it are not part of it); without such a commit, the oldest version
   * in the log. And Delta refuses to travel to a commit older than the table's minimum retention.
   */
  private long oldestReadable(Instant deleteBefore, Instant travelLimit) {
    long oldest = Long.MAX_VALUE;
    long latest = -1;
    long newestBefore = -1;
    long oldestAllowed = Long.MAX_VALUE;
    for (Row r : table.history().select("version", "timestamp").collectAsList()) {
      long v = r.getLong(0);
      Instant ts = (Instant) RowValues.value(r.get(1), r.schema().fields()[1].dataType());
      oldest = Math.min(oldest, v);
      latest = Math.max(latest, v);
      if (!ts.isAfter(deleteBefore)) {
        newestBefore = Math.max(newestBefore, v);
      }
      if (!ts.isBefore(travelLimit)) {
        oldestAllowed = Math.min(oldestAllowed, v);
      }
    }
    long filesWise = newestBefore >= 0 ? newestBefore : oldest;
    return Math.max(filesWise, oldestAllowed == Long.MAX_VALUE ? latest : oldestAllowed);
  }

  /** How many of the planned files are gone, and their bytes. */
  private long[] gone(VacuumPlan plan, String location) {
    try {
      Path root = new Path(location);
      FileSystem fs = root.getFileSystem(spark.sessionState().newHadoopConf());
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
