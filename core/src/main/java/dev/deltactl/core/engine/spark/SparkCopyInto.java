package dev.deltactl.core.engine.spark;

import dev.deltactl.core.api.CopyIntoRequest;
import dev.deltactl.core.api.CopyIntoResult;
import dev.deltactl.core.api.Durations;
import dev.deltactl.core.api.TableRef;
import dev.deltactl.core.error.DeltactlException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * copy-into on every Spark engine, exactly once: every file loaded is recorded in the table's own log as a
 * Delta application transaction ({@code txn} action, its id derived from the file's full location, see
 * {@link CopyIntoFiles}, its version the file's modification time), committed in the same commit as the
 * file's rows. A crash leaves either the whole commit or nothing; a re-run reads the record from the
 * snapshot it writes to; two runs that load the same file conflict, and {@code txn} actions are kept by
 * checkpoints, optimize and vacuum. How the rows and the record are committed is the engine's
 * ({@link Commits}): one commit for the whole run on the classic engine, one per file over Spark Connect.
 *
 * @param conf the settings to reach the source files and the table's storage with
 * @param location the table's location
 */
record SparkCopyInto(SparkSession spark, Configuration conf, Commits commits, String location) {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SparkCopyInto.class);


  /** Creates the table with the schema of the source rows (after --select), empty. */
  static void createTable(SparkSession spark, Configuration conf, CopyIntoRequest r, TableRef table) {
    List<CopyIntoFiles.SourceFile> files = CopyIntoFiles.list(r, conf);
    if (files.isEmpty()) {
      throw DeltactlException.invalid("--create-if-missing needs source files to take the schema from; "
          + r.source() + " has none that match");
    }
    try (CopyIntoRows.Shaped shaped = CopyIntoRows.shape(spark, r,
        CopyIntoRows.source(spark, r, files, new StructType(), false))) {
      var writer = shaped.rows().limit(0).write().format("delta");
      if (table.isPath()) {
        writer.save(table.path());
      } else {
        writer.saveAsTable(Sql.table(table));
      }
    } catch (RuntimeException e) {
      throw SparkErrors.translate(e);
    }
  }

  CopyIntoResult run(CopyIntoRequest r) {
    long t0 = System.nanoTime();
    // Files that failed to read (not a single bad record: the file itself) under skip-file or bad-records:
    // the run starts again without them, each one found costing one more attempt.
    Map<String, String> unreadable = new LinkedHashMap<>();
    while (true) {
      try {
        return attempt(r, unreadable, t0);
      } catch (Unreadable u) {
        if (r.onError() == CopyIntoRequest.OnError.FAIL || unreadable.containsKey(u.path)) {
          throw u.failure;
        }
        unreadable.put(u.path, u.reason);
      }
    }
  }

  /** A source file that failed to read, found while loading: its path, why, and the error to give under fail. */
  private static final class Unreadable extends RuntimeException {
    final String path;
    final String reason;
    final DeltactlException failure;

    Unreadable(String path, String reason, DeltactlException failure) {
      super(reason, null, false, false);
      this.path = path;
      this.reason = reason;
      this.failure = failure;
    }
  }

  private CopyIntoResult attempt(CopyIntoRequest r, Map<String, String> unreadable, long t0) {
    CopyIntoFiles.Listing listing = CopyIntoFiles.listing(r, conf);
    List<CopyIntoFiles.SourceFile> candidates = listing.files();
    LOG.debug("{} source files listed in {} ms", candidates.size(), millis(t0));
    long now = System.currentTimeMillis();
    Commits.Load load = commits.startLoad();
    Long horizon = horizon(load.recordRetention, now);
    Map<CopyIntoFiles.SourceFile, String> undecided = new LinkedHashMap<>();
    Map<CopyIntoFiles.SourceFile, Long> recorded = CopyIntoFiles.lookUp(listing.folder(), candidates,
        load.records(CopyIntoFiles.ids(candidates)), ids -> CopyIntoFiles.legacySources(location, conf, ids),
        undecided);
    Plan plan = plan(r, candidates, recorded, undecided, unreadable, load.oneCommit, horizon);
    List<CopyIntoFiles.SourceFile> toLoad = plan.toLoad();
    List<CopyIntoResult.Rejected> rejected = plan.rejected();
    List<Row> aside = plan.aside();
    long skipped = plan.skipped();
    LOG.debug("{} files to load, {} loaded before, at {} ms", toLoad.size(), skipped, millis(t0));
    if (toLoad.isEmpty()) {
      if (r.validate() == null) {
        CopyIntoRows.setAside(spark, r, aside, null);
      }
      return nothing(r, skipped, rejected, t0);
    }
    try {
      return load(r, listing.folder(), load, toLoad, rejected, aside, skipped, t0);
    } catch (DeltactlException e) {
      throw e;
    } catch (Exception e) { // SparkException is checked, and Scala throws it anyway
      String file = CopyIntoRows.failedFile(e);
      if (file != null) {
        String p = new Path(file).toUri().getPath();
        for (CopyIntoFiles.SourceFile f : toLoad) {
          if (CopyIntoRows.path(f).equals(p)) {
            throw new Unreadable(p, CopyIntoRows.innermost(e), CopyIntoRows.parseFailure(e));
          }
        }
      }
      throw CopyIntoRows.parseFailure(e);
    }
  }

  /** Delta's table property that lets application transactions, copy-into's record, expire. */
  static final String RECORD_RETENTION = "delta.setTransactionRetentionDuration";
  /**
   * The shortest record retention copy-into accepts: a file that lands just after a run must still be within
   * the horizon at the next one, after a late run or an outage too.
   */
  static final Duration MIN_RECORD_RETENTION = Duration.ofDays(7);
  /** What the horizon leaves for clocks that disagree (this machine's, the store's, other writers'). */
  static final Duration CLOCK_MARGIN = Duration.ofHours(1);

  /**
   * The oldest modification time a file may have to be loaded on a table whose record expires, null when it
   * does not. Delta drops a file's record once it is older than the retention (by when it was loaded, on the
   * clock of whoever reads or checkpoints the table); a file is loaded after it was last modified, so a file
   * modified after {@code now - retention} (plus a margin for clocks) still has its record if it was loaded,
   * and an older one may have lost it: it is not loaded, and so never loaded twice. Two cases this cannot
   * tell: a file changed in place after its record expired is a new file (it loads); and a retention lowered or
   * unset after Delta dropped records reaches back less far than the records kept (files loaded before it
   * load again), which the README says.
   */
  static Long horizon(Duration retention, long now) {
    if (retention == null) {
      return null;
    }
    if (retention.compareTo(MIN_RECORD_RETENTION) < 0) {
      throw DeltactlException.invalid("the table's " + RECORD_RETENTION + " (" + Durations.display(retention)
          + ") is shorter than copy-into's record of loaded files needs: at least "
          + Durations.display(MIN_RECORD_RETENTION));
    }
    return now - retention.toMillis() + CLOCK_MARGIN.toMillis();
  }

  /** Which files load, which were loaded before (skipped), and which are rejected and why. */
  record Plan(List<CopyIntoFiles.SourceFile> toLoad, List<CopyIntoResult.Rejected> rejected, List<Row> aside,
      long skipped) {}

  /**
   * The plan of a run from the table's record of loaded files.
   *
   * @param recorded the version recorded for each file loaded before
   * @param undecided the files whose record cannot be told, and why
   * @param unreadable the files (by path) that did not read, and why
   * @param recordGoesBack whether a file's record can go back to an older modification time
   * @param horizon on a table whose record expires, the oldest modification time a file may have to load (see
   *     {@link #horizon}); null when the record is kept for ever
   */
  static Plan plan(CopyIntoRequest r, List<CopyIntoFiles.SourceFile> candidates,
      Map<CopyIntoFiles.SourceFile, Long> recorded, Map<CopyIntoFiles.SourceFile, String> undecided,
      Map<String, String> unreadable, boolean recordGoesBack, Long horizon) {
    List<CopyIntoFiles.SourceFile> toLoad = new ArrayList<>();
    List<CopyIntoResult.Rejected> rejected = new ArrayList<>();
    List<Row> aside = new ArrayList<>();
    long skipped = 0;
    for (CopyIntoFiles.SourceFile f : candidates) {
      if (f.status().getLen() == 0) {
        // reported, and not recorded: loaded once it has content
        rejected.add(new CopyIntoResult.Rejected(f.relative(), "empty file"));
        continue;
      }
      if (undecided.containsKey(f) && !r.force()) {
        rejected.add(new CopyIntoResult.Rejected(f.relative(), undecided.get(f)));
        continue;
      }
      Long version = recorded.get(f);
      long mtime = f.status().getModificationTime();
      boolean loaded = version != null && (!r.detectChanges() || version == mtime);
      if (loaded && !r.force()) {
        skipped++;
      } else if (version != null && mtime < version && !r.force() && !recordGoesBack) {
        // Delta's idempotent writes only move a record forward: a file changed to an older time cannot be
        // recorded again
        rejected.add(new CopyIntoResult.Rejected(f.relative(), "changed, with a modification time older than"
            + " when it was loaded; over Spark Connect its record cannot go back (use --force, or --master)"));
      } else if (horizon != null && mtime < horizon && !r.force()) {
        // its record may have expired: loading it could load it twice
        rejected.add(new CopyIntoResult.Rejected(f.relative(), "last modified before the table's record of loaded"
            + " files reaches back (" + RECORD_RETENTION + "): if it was loaded, its record has expired; --force"
            + " loads it (with --files for it alone)"));
      } else if (unreadable.containsKey(CopyIntoRows.path(f))) {
        rejected.add(new CopyIntoResult.Rejected(f.relative(), unreadable.get(CopyIntoRows.path(f))));
        aside.add(org.apache.spark.sql.RowFactory.create(f.status().getPath().toString(), null,
            unreadable.get(CopyIntoRows.path(f))));
      } else {
        toLoad.add(f);
      }
    }
    return new Plan(toLoad, rejected, aside, skipped);
  }

  private CopyIntoResult load(CopyIntoRequest r, String folder, Commits.Load load,
      List<CopyIntoFiles.SourceFile> toLoad, List<CopyIntoResult.Rejected> rejected, List<Row> aside, long skipped,
      long t0) throws Exception {
    StructType tableSchema = load.schema();
    if (r.onError() == CopyIntoRequest.OnError.SKIP_FILE && r.format().textual()) {
      List<CopyIntoFiles.SourceFile> good = new ArrayList<>();
      Map<String, String> bad = CopyIntoRows.malformedFiles(spark, r, toLoad, tableSchema);
      for (CopyIntoFiles.SourceFile f : toLoad) {
        String why = bad.get(CopyIntoRows.path(f));
        if (why == null) {
          good.add(f);
        } else {
          rejected.add(new CopyIntoResult.Rejected(f.relative(), why));
        }
      }
      toLoad = good;
      if (toLoad.isEmpty()) {
        return nothing(r, skipped, rejected, t0);
      }
    }
    // read once for the whole run where it is one commit: the rows are read again for the bad records' count
    try (CopyIntoRows.Shaped all = CopyIntoRows.rows(spark, r, toLoad, tableSchema, null, load.oneCommit)) {
      CopyIntoRows.checkSchema(all.rows().schema(), tableSchema, r.mergeSchema());
      if (r.validate() != null) {
        long bytes = toLoad.stream().mapToLong(f -> f.status().getLen()).sum();
        return CopyIntoRows.validate(r, all.rows(), toLoad, rejected, skipped, bytes, t0);
      }
      if (!load.oneCommit) {
        // the rows as they will load (--select included): a value --select cannot convert fails here,
        // before the first file's commit
        all.rows().write().format("noop").mode("overwrite").save();
      }
      List<Row> unread = new ArrayList<>(aside);
      Loading loading = new Loading(r, folder, toLoad, skipped, tableSchema, all, malformed -> {
        CopyIntoRows.setAside(spark, r, unread, malformed);
        unread.clear();
      });
      LOG.debug("source read planned at {} ms", millis(t0));
      Commits.Loaded done = load.commitLoad(loading);
      LOG.debug("{} files committed at {} ms, version {}", done.files().size(), millis(t0), done.version());
      List<String> names = done.files().stream().map(CopyIntoFiles.SourceFile::relative).toList();
      long bytes = done.files().stream().mapToLong(f -> f.status().getLen()).sum();
      return new CopyIntoResult(names.isEmpty() ? CopyIntoResult.Status.NOTHING_TO_LOAD
          : CopyIntoResult.Status.LOADED, r.table().display(), names.size(), skipped + done.skippedMeanwhile(),
          done.rowsInserted(), done.badRecords(), bytes, done.version(), names, rejected, null, millis(t0));
    }
  }

  private static CopyIntoResult nothing(CopyIntoRequest r, long skipped, List<CopyIntoResult.Rejected> rejected,
      long t0) {
    return new CopyIntoResult(r.validate() != null ? CopyIntoResult.Status.VALIDATED
        : CopyIntoResult.Status.NOTHING_TO_LOAD, r.table().display(), 0, skipped, 0, 0, 0, null, List.of(), rejected,
        null, millis(t0));
  }

  /**
   * What a load commits: the files checked, the rows of them all (read once), and where the records that do
   * not parse go under bad-records with the files that did not read (once the rows are written, before they
   * are committed; null: none).
   */
  record Loading(CopyIntoRequest request, String folder, List<CopyIntoFiles.SourceFile> files, long skipped,
      StructType tableSchema, CopyIntoRows.Shaped all, java.util.function.Consumer<Dataset<Row>> setAside) {}

  private static long millis(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }
}
