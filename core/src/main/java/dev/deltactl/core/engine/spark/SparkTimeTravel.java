package dev.deltactl.core.engine.spark;

import dev.deltactl.core.api.ChangesRequest;
import dev.deltactl.core.api.ChangesResult;
import dev.deltactl.core.api.CloneRequest;
import dev.deltactl.core.api.CloneResult;
import dev.deltactl.core.api.DiffRequest;
import dev.deltactl.core.api.DiffResult;
import dev.deltactl.core.api.RestorePlan;
import dev.deltactl.core.api.RestoreRequest;
import dev.deltactl.core.api.RestoreResult;
import dev.deltactl.core.api.ShowRequest;
import dev.deltactl.core.api.ShowResult;
import dev.deltactl.core.api.TableDetail;
import dev.deltactl.core.api.TableRef;
import dev.deltactl.core.api.VersionSpec;
import dev.deltactl.core.api.VersionsResult;
import dev.deltactl.core.engine.Readability;
import dev.deltactl.core.engine.VersionResolver;
import dev.deltactl.core.engine.kernel.KernelEngine;
import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;

/**
 * Time travel on every Spark engine: resolving versions and timestamps, checking readability, and the
 * commands that read past versions (versions, show, diff, restore, clone), each with the SQL and reads both
 * sessions share. The engines differ only in what they read of the log and storage ({@link VersionLog}).
 */
final class SparkTimeTravel {
  private final SparkSession spark;
  private final VersionLog log;
  private final TableRef ref;
  private final List<KernelEngine.CommitRef> commits; // ascending
  private final Consumer<String> notices;
  private final Set<Long> noted = new HashSet<>();
  private Predicate<String> present;

  /** @param notices where a version read past Delta's retention is said (on the terminal: stderr) */
  SparkTimeTravel(SparkSession spark, VersionLog log, TableRef ref, Consumer<String> notices) {
    this.spark = spark;
    this.log = log;
    this.ref = ref.current();
    this.notices = notices;
    List<KernelEngine.CommitRef> timeline = log.timeline();
    if (timeline == null) {
      timeline = new ArrayList<>();
      Dataset<Row> h = spark.sql("DESCRIBE HISTORY " + Sql.table(this.ref));
      for (Row r : h.select("version", "timestamp", "operation").orderBy("version").collectAsList()) {
        Instant ts = (Instant) RowValues.value(r.get(1), r.schema().fields()[1].dataType());
        timeline.add(new KernelEngine.CommitRef(r.getLong(0), ts, r.getString(2)));
      }
    }
    this.commits = timeline;
  }

  private long latest() {
    return commits.get(commits.size() - 1).version();
  }

  /** The version a spec means, or an error that names the valid range. */
  long resolve(VersionSpec spec) {
    return VersionResolver.resolve(ref, spec, commits.stream()
        .map(c -> new long[] {c.version(), c.timestamp().toEpochMilli()}).toList());
  }

  private Instant timestampOf(long version) {
    return commits.stream().filter(c -> c.version() == version).map(KernelEngine.CommitRef::timestamp)
        .findFirst().orElse(null);
  }

  private Dataset<Row> read(long version) {
    return spark.sql("SELECT * FROM " + Sql.table(ref) + " VERSION AS OF " + version);
  }

  /** The data files a version reads, from its snapshot (loaded past Delta's retention refusal: no data read). */
  private List<String> inputFiles(long version) {
    return RunConf.with(spark, DeltaFacts.timeTravelConf(true), () -> List.of(read(version).inputFiles()));
  }

  /**
   * The rule for one version: null when every file it reads is present, else why not. Kernel checks the
   * version's files against one listing of the table's folder (deletion vectors included), with no Spark job;
   * where it cannot, the files of the version's snapshot in Spark are looked up.
   */
  private String whyNot(long version) {
    KernelEngine.FileCheck c = log.checkFiles(version);
    if (c.listed()) {
      return c.missing() == null ? null : Readability.FILES_MISSING;
    }
    if (present == null) {
      present = log.present();
    }
    return Readability.whyNot(inputFiles(version), present);
  }

  /** Whether Delta itself refuses to time travel to a version: it is older than delta.deletedFileRetentionDuration. */
  private boolean deltaRefuses(long version) {
    try {
      read(version).schema();
      return false;
    } catch (Exception e) { // Delta's AnalysisException is a checked exception Scala throws unchecked
      if (DeltaFacts.TIME_TRAVEL_REFUSED.equals(SparkErrors.condition(e))) {
        return true;
      }
      throw SparkErrors.translate(e);
    }
  }

  /** Every version, newest first, and whether it is readable, asked of Spark. */
  VersionsResult versions() {
    List<VersionsResult.Entry> out = new ArrayList<>();
    for (int i = commits.size() - 1; i >= 0; i--) {
      KernelEngine.CommitRef c = commits.get(i);
      String reason;
      try {
        reason = whyNot(c.version());
      } catch (Exception e) {
        reason = SparkErrors.translate(e).getMessage();
      }
      out.add(new VersionsResult.Entry(c.version(), c.timestamp(), c.operation(), reason == null, reason));
    }
    return new VersionsResult(ref.display(), latest(), out);
  }

  /** The versions as {@code time-travel versions} lists them: from Kernel when it reads the table, else Spark. */
  private List<VersionsResult.Entry> listed() {
    VersionsResult v = log.versions();
    return (v != null ? v : versions()).versions();
  }

  /**
   * Runs a command that reads these versions, under the one readability rule ({@link Readability}): a version
   * older than the latest is read only when every data file it reads is present, and then even past Delta's
   * retention refusal, lifted for this body only and said as a note; a version whose files are gone is not
   * found, naming the oldest readable version. Missing files always fail the read ({@code ignoreMissingFiles}
   * off), so a vacuum that deletes files between the check and the read fails it, reported the same way:
   * never rows of a partial version.
   */
  private <T> T reading(Supplier<T> body, long... versions) {
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
        present = null;
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
      Dataset<Row> df = select(read(version), r.where(), r.columns());
      if (r.countOnly()) {
        long count = df.count();
        // a count comes from the log's statistics, without reading the data, and must not say the version
        // is readable when it is not (as time-travel versions would say)
        String missing = log.checkFiles(version).missing();
        if (missing != null) {
          throw Readability.notReadable(ref.display(), version, listed(), missing, null);
        }
        return new ShowResult(ref.display(), version, timestampOf(version), count, null);
      }
      return new ShowResult(ref.display(), version, timestampOf(version), null,
          RowValues.result(df, r.maxRows(), false));
    }, version);
  }

  /** The columns Delta's change data feed adds to a table's. */
  static final List<String> CHANGE_COLUMNS = List.of("_change_type", "_commit_version", "_commit_timestamp");

  /**
   * The change rows of a range of versions, read with Delta's {@code table_changes}. Whether the change data feed
   * was on over the whole range is read from the log first, so a range without it is refused naming the version
   * from which changes exist; change files gone from storage are refused naming the oldest version from which
   * changes can still be read.
   */
  ChangesResult changes(ChangesRequest r) {
    long to = resolve(r.to());
    long from = resolveStart(r.from());
    if (from > to) {
      throw DeltactlException.invalid("--from version " + from + " of " + ref.display() + " is after --to version "
          + to);
    }
    refuseWithoutFeed(from, to);
    try {
      Dataset<Row> df = select(changesOf(from, to), r.where(), withChangeColumns(r.columns()));
      if (r.countOnly()) {
        return new ChangesResult(ref.display(), from, to, df.count(), null);
      }
      df = df.orderBy(df.col("_commit_version"), org.apache.spark.sql.functions
          .when(df.col("_change_type").equalTo("delete"), 0)
          .when(df.col("_change_type").equalTo("update_preimage"), 1)
          .when(df.col("_change_type").equalTo("update_postimage"), 2).otherwise(3));
      return new ChangesResult(ref.display(), from, to, null, RowValues.result(df, r.maxRows(), false));
    } catch (Exception e) {
      DeltactlException d = SparkErrors.translate(e);
      if (d.code() == ErrorCode.FILE_MISSING) {
        long oldest = oldestReadableChanges(from);
        throw new DeltactlException(ErrorCode.VERSION_NOT_FOUND, "changes of " + ref.display() + " from version "
            + from + " to " + to + " are not readable: change data files they need are gone (deleted by vacuum or"
            + " otherwise); the oldest version from which changes can be read is "
            + (oldest < 0 ? "none" : String.valueOf(oldest)), e);
      }
      if ("DELTA_MISSING_CHANGE_DATA".equals(SparkErrors.condition(e))) {
        throw new DeltactlException(ErrorCode.VERSION_NOT_FOUND, "no change data for versions " + from + " to " + to
            + " of " + ref.display() + ": " + KernelEngine.CHANGE_DATA_FEED + " was not enabled for all of them", e);
      }
      throw d;
    }
  }

  /** A start timestamp means the first commit at or after it (as Delta's change data feed reads it). */
  private long resolveStart(VersionSpec spec) {
    long version = resolve(spec);
    if (spec.timestamp() == null) {
      return version;
    }
    return commits.stream().filter(c -> !c.timestamp().isBefore(spec.timestamp()))
        .mapToLong(KernelEngine.CommitRef::version).findFirst().orElse(version);
  }

  /** The columns asked for and the change columns, which every change row keeps. */
  private static List<String> withChangeColumns(List<String> columns) {
    if (columns.isEmpty()) {
      return columns;
    }
    List<String> out = new ArrayList<>(columns);
    CHANGE_COLUMNS.stream().filter(c -> !out.contains(c)).forEach(out::add);
    return out;
  }

  /** The rows of a query that match a predicate (parsed by SparkChecks.predicate), in these columns. */
  private static Dataset<Row> select(Dataset<Row> df, String where, List<String> columns) {
    if (where != null) {
      df = df.where(where);
    }
    if (!columns.isEmpty()) {
      Dataset<Row> all = df;
      df = df.select(columns.stream().map(all::col).toArray(Column[]::new));
    }
    return df;
  }

  private Dataset<Row> changesOf(long from, long to) {
    String function = ref.isPath()
        ? "table_changes_by_path(" + Sql.literal(ref.path())
        : "table_changes(" + Sql.literal(Sql.table(ref));
    return spark.sql("SELECT * FROM " + function + ", " + from + ", " + to + ")");
  }

  /**
   * Refuses a range in which the change data feed was not on at every version, naming the version from which
   * changes exist: read from the log (no Spark job); where it cannot be read here, Delta says it.
   */
  private void refuseWithoutFeed(long from, long to) {
    long latest = latest();
    boolean[] on;
    try {
      on = log.changeFeedOn(from, latest);
    } catch (RuntimeException e) {
      on = null;
    }
    if (on == null) {
      return;
    }
    int end = (int) (to - from);
    int start = end;
    while (start >= 0 && on[start]) {
      start--;
    }
    if (start < 0) {
      return; // on at every version of the range
    }
    long feedFrom;
    if (on[end]) {
      feedFrom = from + start + 1;
    } else if (on[on.length - 1]) {
      int i = on.length - 1;
      while (i > 0 && on[i - 1]) {
        i--;
      }
      feedFrom = from + i;
    } else {
      throw new DeltactlException(ErrorCode.VERSION_NOT_FOUND, ref.display() + " has no change data for versions "
          + from + " to " + to + ": " + KernelEngine.CHANGE_DATA_FEED + " is not enabled; enable it with 'deltactl"
          + " properties set " + ref.display() + " " + KernelEngine.CHANGE_DATA_FEED + "=true' to record changes from then on");
    }
    throw new DeltactlException(ErrorCode.VERSION_NOT_FOUND, ref.display() + " has no change data for versions "
        + from + " to " + to + ": " + KernelEngine.CHANGE_DATA_FEED + " was not enabled then; changes exist from"
        + " version " + feedFrom);
  }

  /**
   * The oldest version from which the changes up to the latest can be read, each commit's changes read from the
   * latest back to {@code floor}; -1 when not even the latest commit's can.
   */
  private long oldestReadableChanges(long floor) {
    long oldest = -1;
    for (long v = latest(); v >= floor; v--) {
      try {
        changesOf(v, v).count();
      } catch (Exception e) {
        if (SparkErrors.translate(e).code() == ErrorCode.FILE_MISSING) {
          break;
        }
        throw SparkErrors.translate(e);
      }
      oldest = v;
    }
    return oldest;
  }

  RestoreResult restore(RestoreRequest r) {
    long t0 = System.nanoTime();
    long target = resolve(r.to());
    long current = latest();
    return reading(() -> restore(r, t0, target, current), target);
  }

  private RestoreResult restore(RestoreRequest r, long t0, long target, long current) {
    long rowsAfter = read(target).count();
    long rowsBefore = read(current).count();
    Map<String, Long> now = log.files(current);
    Map<String, Long> then = log.files(target);
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
      try (AutoCloseable ignored = log.progress("restore")) {
        Dataset<Row> out = spark.sql("RESTORE TABLE " + Sql.table(ref) + " TO VERSION AS OF " + target);
        Row row = out.head();
        Map<String, Object> m = new LinkedHashMap<>();
        for (StructField f : out.schema().fields()) {
          m.put(DeltaFacts.camel(f.name()), RowValues.value(row.getAs(f.name()), f.dataType()));
        }
        return m;
      } catch (Exception e) {
        throw SparkErrors.translate(e);
      }
    });
    long version = Tables.latestVersion(spark, Sql.table(ref));
    return new RestoreResult(RestoreResult.Status.RESTORED, plan, version, metrics, millis(t0));
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
    Map<String, Long> filesFrom = log.files(from);
    Map<String, Long> filesTo = log.files(to);
    long[] added = DeltaFacts.onlyIn(filesTo, filesFrom);
    long[] removed = DeltaFacts.onlyIn(filesFrom, filesTo);
    long[] rows = Tables.rowChanges(a, b, r.key());
    List<DiffResult.Commit> between = commits.stream()
        .filter(c -> c.version() > Math.min(from, to) && c.version() <= Math.max(from, to))
        .map(c -> new DiffResult.Commit(c.version(), c.timestamp(), c.operation()))
        .toList();
    return new DiffResult(ref.display(), from, to, added[0], added[1], removed[0], removed[1], a.count(), b.count(),
        rows[0], rows[1], r.key(), between);
  }

  /**
   * A clone of a version as a new table: shallow (Delta's {@code SHALLOW CLONE}), or deep, the version's rows
   * written in one commit with its partitioning and bloom-filter indexes (definitions and filters).
   *
   * @param exists whether a table is there
   * @param fileSystem the file system of a path
   * @param detail what a table is, after the clone
   */
  CloneResult cloneTo(CloneRequest r, Predicate<TableRef> exists, Function<String, FileSystem> fileSystem,
      Function<TableRef, TableDetail> detail) {
    long version = resolve(r.at());
    boolean replace = exists.test(r.target());
    if (replace && !r.replace()) {
      throw new DeltactlException(ErrorCode.TABLE_ALREADY_EXISTS, "clone target " + r.target().display()
          + " already exists; use --replace to replace it");
    }
    if (!replace && r.target().isPath()) {
      Tables.refuseNonEmptyFolder(fileSystem.apply(r.target().path()), r.target().path());
    }
    reading(() -> copy(r, version, replace), version);
    return new CloneResult(ref.display(), version, r.shallow(), detail.apply(r.target()));
  }

  private Object copy(CloneRequest r, long version, boolean replace) {
    String source = Sql.table(ref) + " VERSION AS OF " + version;
    String create = (replace ? "CREATE OR REPLACE TABLE " : "CREATE TABLE ") + Sql.table(r.target());
    if (r.shallow()) {
      return spark.sql(create + " SHALLOW CLONE " + source).collectAsList();
    }
    Map<String, String> properties = log.properties(version);
    List<String> partitions = log.partitionColumns(version);
    StringBuilder sql = new StringBuilder(create).append(" USING delta");
    if (!partitions.isEmpty()) {
      sql.append(" PARTITIONED BY (").append(Sql.idents(partitions)).append(')');
    }
    String definitions = properties.entrySet().stream().filter(e -> e.getKey().startsWith(dev.deltactl.core.api.TableProperties.BLOOM_FILTER_PREFIX))
        .map(e -> Sql.literal(e.getKey()) + " = " + Sql.literal(e.getValue())).collect(Collectors.joining(", "));
    if (!definitions.isEmpty()) {
      sql.append(" TBLPROPERTIES (").append(definitions).append(')');
    }
    sql.append(" AS SELECT * FROM ").append(source);
    // a new table has no column mapping: its files name the columns by their names
    Map<String, String> conf = BloomDefinitions.writeConf(properties, read(version).schema(), StructField::name);
    return RunConf.with(spark, conf, () -> spark.sql(sql.toString()).collectAsList());
  }
}
