package dev.deltactl.core.engine.spark;

import dev.deltactl.core.api.BloomIndexRequest;
import dev.deltactl.core.api.ColumnInfo;
import dev.deltactl.core.api.DiffRequest;
import dev.deltactl.core.api.DiffResult;
import dev.deltactl.core.api.ProgressListener;
import dev.deltactl.core.api.RestorePlan;
import dev.deltactl.core.api.RestoreRequest;
import dev.deltactl.core.api.RestoreResult;
import dev.deltactl.core.api.ShowRequest;
import dev.deltactl.core.api.ShowResult;
import dev.deltactl.core.api.SqlResult;
import dev.deltactl.core.api.TableRef;
import dev.deltactl.core.api.VersionSpec;
import dev.deltactl.core.api.VersionsResult;
import dev.deltactl.core.engine.Readability;
import dev.deltactl.core.engine.VersionResolver;
import dev.deltactl.core.engine.kernel.KernelEngine;
import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Option;

/** Reading a table as of a version: resolving versions and timestamps, checking readability, showing rows. */
final class SparkTimeTravel {
  private final SparkSession spark;
  private final DeltaTable table;
  private final TableRef ref;
  private final List<long[]> commits = new ArrayList<>(); // version, timestamp millis; ascending
  private final List<String> operations = new ArrayList<>();
  private final KernelEngine kernel;
  private final Consumer<String> notices;
  private final Set<Long> noted = new HashSet<>();
  private final Map<String, Boolean> exists = new HashMap<>();
  private FileSystem fs;

  /**
   * @param kernel reads the commit timeline from the log when it can (no Spark job); null to ask Spark
   * @param notices where a version read past Delta's retention is said (on the terminal: stderr)
   */
  SparkTimeTravel(SparkSession spark, DeltaTable table, TableRef ref, KernelEngine kernel, Consumer<String> notices) {
    this.spark = spark;
    this.table = table;
    this.ref = ref.current();
    this.kernel = kernel;
    this.notices = notices;
    List<KernelEngine.CommitRef> timeline = kernel == null || !this.ref.isPath() ? null
        : dev.deltactl.core.engine.Routing.ask(() -> kernel.timeline(this.ref), "Spark").orElse(() -> null);
    if (timeline != null) {
      for (KernelEngine.CommitRef c : timeline) {
        commits.add(new long[] {c.version(), c.timestamp().toEpochMilli()});
        operations.add(c.operation());
      }
      return;
    }
    List<Row> rows = table.history().select("version", "timestamp", "operation").orderBy("version").collectAsList();
    for (Row r : rows) {
      Instant ts = (Instant) RowValues.value(r.get(1), r.schema().fields()[1].dataType());
      commits.add(new long[] {r.getLong(0), ts.toEpochMilli()});
      operations.add(r.getString(2));
    }
  }

  private long latest() {
    return commits.get(commits.size() - 1)[0];
  }

  /** The version a spec means, or an error that names the valid range. */
  long resolve(VersionSpec spec) {
    return VersionResolver.resolve(ref, spec, commits);
  }

  private Instant timestampOf(long version) {
    for (long[] c : commits) {
      if (c[0] == version) {
        return Instant.ofEpochMilli(c[1]);
      }
    }
    return null;
  }

  private Dataset<Row> read(long version) {
    if (ref.isPath()) {
      return spark.read().format("delta").option("versionAsOf", version).load(ref.path());
    }
    return spark.read().format("delta").option("versionAsOf", version).table(Sql.table(ref));
  }

  /** Whether a data file (an absolute path, as Spark reads it) is on storage; each file is asked once. */
  private boolean present(String file) {
    return exists.computeIfAbsent(file, p -> {
      try {
        if (fs == null) {
          fs = new Path(p).getFileSystem(spark.sessionState().newHadoopConf());
        }
        return fs.exists(new Path(p));
      } catch (IOException e) {
        return false;
      }
    });
  }

  /** The data files a version reads, from its snapshot (loaded past Delta's retention refusal: no data read). */
  private List<String> inputFiles(long version) {
    return RunConf.with(spark, DeltaFacts.timeTravelConf(true), () -> List.of(read(version).inputFiles()));
  }

  /**
   * The rule for one version: null when every file it reads is present, else why not. A path table's files
   * come from Kernel, checked against one listing of the table's folder (deletion vectors included), with no
   * Spark job; a catalog table's, or one Kernel cannot read, from the version's snapshot in Spark.
   */
  private String whyNot(long version) {
    if (kernel != null && ref.isPath()) {
      KernelEngine.FileCheck c = kernel.checkFiles(ref.path(), version);
      if (c.listed()) {
        return c.missing() == null ? null : Readability.FILES_MISSING;
      }
    }
    return Readability.whyNot(inputFiles(version), this::present);
  }

  /** Whether Delta itself refuses to time travel to a version: it is older than delta.deletedFileRetentionDuration. */
  private boolean deltaRefuses(long version) {
    try {
      table.deltaLog().getSnapshotAt(version, Option.empty(), Option.empty(), true);
      return false;
    } catch (Exception e) { // Delta's AnalysisException is a checked exception Scala throws unchecked
      if (DeltaFacts.TIME_TRAVEL_REFUSED.equals(SparkErrors.condition(e))) {
        return true;
      }
      throw SparkErrors.translate(e);
    }
  }

  VersionsResult versions() {
    List<VersionsResult.Entry> out = new ArrayList<>();
    for (int i = commits.size() - 1; i >= 0; i--) {
      long v = commits.get(i)[0];
      String reason;
      try {
        reason = whyNot(v);
      } catch (Exception e) {
        reason = SparkErrors.translate(e).getMessage();
      }
      out.add(new VersionsResult.Entry(v, Instant.ofEpochMilli(commits.get(i)[1]), operations.get(i), reason == null,
          reason));
    }
    return new VersionsResult(ref.display(), latest(), out);
  }

  /** The versions as {@code time-travel versions} lists them: from Kernel when it reads the table, else Spark. */
  private List<VersionsResult.Entry> listed() {
    if (kernel != null && ref.isPath()) {
      return dev.deltactl.core.engine.Routing.ask(() -> kernel.versions(ref).versions(), "Spark")
          .orElse(() -> versions().versions());
    }
    return versions().versions();
  }

  /**
   * Runs a command that reads these versions, under the one readability rule ({@link Readability}): a version
   * older than the latest is read only when every data file it reads is present, and then even past Delta's
   * retention refusal, lifted for this body only and said as a note; a version whose files are gone is not
   * found, naming the oldest readable version. Missing files always fail the read ({@code ignoreMissingFiles}
   * off), so a vacuum that deletes files between the check and the read fails it, reported the same way:
   * never rows of a partial version.
   */
  <T> T reading(Supplier<T> body, long... versions) {
    boolean lift = false;
    for (long v : versions) {
      if (v == latest()) {
        continue;
      }
      if (whyNot(v) != null) {
        throw Readability.notReadable(ref.display(), v, listed(), null);
      }
      if (deltaRefuses(v)) {
        lift = true;
        if (noted.add(v)) {
          notices.accept(Readability.pastRetentionNote(ref.display(), v));
        }
      }
    }
    try {
      return RunConf.with(spark, DeltaFacts.timeTravelConf(lift), body);
    } catch (Exception e) {
      DeltactlException d = SparkErrors.translate(e);
      if (d.code() == ErrorCode.FILE_MISSING) {
        exists.clear();
        for (long v : versions) {
          if (whyNot(v) != null) {
            throw Readability.notReadable(ref.display(), v, listed(), e);
          }
        }
      }
      throw d;
    }
  }

  ShowResult show(ShowRequest r) {
    long version = resolve(r.at());
    return reading(() -> {
      Dataset<Row> df = read(version);
      if (r.where() != null) {
        df = df.where(r.where()); // a predicate: SparkChecks.predicate parsed it
      }
      if (!r.columns().isEmpty()) {
        Dataset<Row> all = df;
        df = df.select(r.columns().stream().map(all::col).toArray(Column[]::new));
      }
      if (r.countOnly()) {
        long count = df.count();
        requireFiles(version);
        return new ShowResult(ref.display(), version, timestampOf(version), count, null);
      }
      return new ShowResult(ref.display(), version, timestampOf(version), null,
          RowValues.result(df, r.maxRows(), false));
    }, version);
  }

  /**
   * Fails when a file the version needs is gone: a count comes from the log's statistics, without reading
   * the data, and must not say the version is readable when it is not (as time-travel versions would say).
   */
  private void requireFiles(long version) {
    if (kernel == null || !ref.isPath()) {
      return; // a catalog table: its count is not checked against storage
    }
    kernel.missingFile(ref.path(), version).ifPresent(f -> {
      throw Readability.notReadable(ref.display(), version, listed(), f, null);
    });
  }

  RestoreResult restore(RestoreRequest r, ProgressListener progress) {
    long t0 = System.nanoTime();
    long target = resolve(r.to());
    long current = latest();
    return reading(() -> restore(r, progress, t0, target, current), target);
  }

  private RestoreResult restore(RestoreRequest r, ProgressListener progress, long t0, long target, long current) {
    long rowsAfter = read(target).count();
    long rowsBefore = read(current).count();
    String location = table.detail().head().getAs("location");
    DeltaLog log = DeltaLog.forTable(spark, location);
    Map<String, Long> now = files(log.update(false, Option.empty(), Option.empty()));
    Map<String, Long> then = files(log.getSnapshotAt(target, Option.empty(), Option.empty(), false));
    long[] add = DeltaFacts.onlyIn(then, now);
    long[] remove = DeltaFacts.onlyIn(now, then);
    RestorePlan plan = new RestorePlan(ref.display(), current, target, add[0], add[1], remove[0], remove[1],
        rowsBefore, rowsAfter);
    if (r.dryRun()) {
      return new RestoreResult(RestoreResult.Status.DRY_RUN, plan, current, Map.of(), millis(t0));
    }
    Map<String, String> conf = r.message() == null ? Map.of()
        : Map.of("spark.databricks.delta.commitInfo.userMetadata", r.message());
    Map<String, Object> metrics = RunConf.with(spark, conf, () -> {
      try (SparkProgress ignored = SparkProgress.follow(spark, "restore", progress)) {
        Dataset<Row> out = table.restoreToVersion(target);
        Row row = out.head();
        Map<String, Object> m = new LinkedHashMap<>();
        for (StructField f : out.schema().fields()) {
          m.put(DeltaFacts.camel(f.name()), RowValues.value(row.getAs(f.name()), f.dataType()));
        }
        return m;
      }
    });
    long version = table.history(1).select("version").head().getLong(0);
    return new RestoreResult(RestoreResult.Status.RESTORED, plan, version, metrics, millis(t0));
  }

  private static Map<String, Long> files(Snapshot snapshot) {
    Map<String, Long> out = new HashMap<>();
    for (Row r : snapshot.allFiles().toDF().select("path", "size").collectAsList()) {
      out.put(r.getString(0), r.getLong(1));
    }
    return out;
  }


  private static long millis(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  DiffResult diff(DiffRequest r) {
    long from = resolve(r.from());
    long to = resolve(r.to());
    return reading(() -> diff(r, from, to), from, to);
  }

  private DiffResult diff(DiffRequest r, long from, long to) {
    Dataset<Row> a = read(from);
    Dataset<Row> b = read(to);
    String location = table.detail().head().getAs("location");
    DeltaLog log = DeltaLog.forTable(spark, location);
    Map<String, Long> filesFrom = files(log.getSnapshotAt(from, Option.empty(), Option.empty(), false));
    Map<String, Long> filesTo = files(log.getSnapshotAt(to, Option.empty(), Option.empty(), false));
    long[] added = DeltaFacts.onlyIn(filesTo, filesFrom);
    long[] removed = DeltaFacts.onlyIn(filesFrom, filesTo);
    long[] rows = Tables.rowChanges(a, b, r.key());
    List<DiffResult.Commit> between = new ArrayList<>();
    for (int i = 0; i < commits.size(); i++) {
      long v = commits.get(i)[0];
      if (v > Math.min(from, to) && v <= Math.max(from, to)) {
        between.add(new DiffResult.Commit(v, Instant.ofEpochMilli(commits.get(i)[1]), operations.get(i)));
      }
    }
    return new DiffResult(ref.display(), from, to, added[0], added[1], removed[0], removed[1], a.count(), b.count(),
        rows[0], rows[1], r.key(), between);
  }




  /**
   * A deep copy: the rows of a version written as a new Delta table with the same partitioning; run inside
   * {@link #reading}.
   */
  void copy(long version, TableRef target, boolean replace) {
    Dataset<Row> data = read(version);
    List<String> partitions = RowValues.stringList(table.detail().head(), "partitionColumns");
    org.apache.spark.sql.DataFrameWriter<Row> writer = data.write().format("delta")
        .partitionBy(partitions.toArray(String[]::new));
    if (replace) {
      writer = writer.mode("overwrite").option("overwriteSchema", "true");
    }
    // the copy keeps the bloom-filter indexes of the version it copies: definitions and filters
    org.apache.spark.sql.delta.actions.Metadata metadata = table.deltaLog()
        .getSnapshotAt(version, Option.empty(), Option.empty(), false).metadata();
    org.apache.spark.sql.DataFrameWriter<Row> w = writer;
    RunConf.with(spark, SparkBloomIndex.writeConf(metadata, false), () -> {
      if (target.isPath()) {
        w.save(target.path());
      } else {
        w.saveAsTable(Sql.table(target));
      }
      return null;
    });
    List<String> definitions = new ArrayList<>();
    for (BloomIndexRequest.BloomColumn c : SparkBloomIndex.definitions(metadata)) {
      definitions.add(Sql.literal(SparkBloomIndex.PREFIX + c.name()) + " = " + Sql.literal(c.settings()));
    }
    if (!definitions.isEmpty()) {
      spark.sql("ALTER TABLE " + Sql.table(target) + " SET TBLPROPERTIES (" + String.join(", ", definitions) + ")");
    }
  }

}
