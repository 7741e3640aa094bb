package dev.deltactl.core.engine.spark;

import dev.deltactl.core.api.CopyIntoRequest;
import dev.deltactl.core.api.CopyIntoResult;
import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.DeltaOperations;
import org.apache.spark.sql.delta.DeltaOptions;
import org.apache.spark.sql.delta.OptimisticTransaction;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.actions.SetTransaction;
import org.apache.spark.sql.delta.commands.WriteIntoDelta;
import org.apache.spark.sql.types.StructType;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * copy-into on Spark, exactly once: every file loaded is recorded in the table's own log as a Delta
 * application transaction ({@code txn} action, one per file, its id derived from the file's full location,
 * see {@link CopyIntoFiles}, its version the file's modification time), committed in the same commit as the rows.
 * A crash leaves either the whole commit or nothing; a re-run reads the record from the snapshot it writes
 * to; two runs that load the same file conflict (Delta checks the transaction ids each one read), and
 * {@code txn} actions are kept by checkpoints, optimize and vacuum.
 */
final class SparkCopyInto {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SparkCopyInto.class);

  private final SparkSession spark;

  SparkCopyInto(SparkSession spark) {
    this.spark = spark;
  }

  private org.apache.hadoop.conf.Configuration hadoopConf() {
    return spark.sessionState().newHadoopConf();
  }

  /** Creates the table with the schema of the source rows (after --select), empty. */
  void createTable(CopyIntoRequest r, String path, String name) {
    List<CopyIntoFiles.SourceFile> files = CopyIntoFiles.list(r, hadoopConf());
    if (files.isEmpty()) {
      throw DeltactlException.invalid("--create-if-missing needs source files to take the schema from; "
          + r.source() + " has none that match");
    }
    Dataset<Row> rows = shape(r, CopyIntoRows.source(spark, r, files, new StructType(), false));
    var writer = rows.limit(0).write().format("delta");
    try {
      if (path != null) {
        writer.save(path);
      } else {
        writer.saveAsTable(name);
      }
    } catch (RuntimeException e) {
      throw SparkErrors.translate(e);
    }
  }


  CopyIntoResult run(CopyIntoRequest r, String location) {
    long t0 = System.nanoTime();
    // Files that failed to read (not a single bad record: the file itself) under skip-file or bad-records:
    // the run starts again without them, each one found costing one more attempt.
    Map<String, String> unreadable = new LinkedHashMap<>();
    while (true) {
      try {
        return attempt(r, location, unreadable, t0);
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

  private CopyIntoResult attempt(CopyIntoRequest r, String location, Map<String, String> unreadable, long t0) {
    CopyIntoFiles.Listing listing = CopyIntoFiles.listing(r, hadoopConf());
    List<CopyIntoFiles.SourceFile> candidates = listing.files();
    LOG.debug("{} source files listed in {} ms", candidates.size(), millis(t0));
    DeltaLog log = DeltaLog.forTable(spark, new Path(location));
    OptimisticTransaction txn = log.startTransaction();
    LOG.debug("transaction on version {} started at {} ms", txn.snapshot().version(), millis(t0));
    List<CopyIntoFiles.SourceFile> toLoad = new ArrayList<>();
    List<CopyIntoResult.Rejected> rejected = new ArrayList<>();
    List<Row> aside = new ArrayList<>();
    long skipped = 0;
    Option<Object> retention = DeltaLog.minSetTransactionRetentionInterval(txn.snapshot().metadata());
    if (retention.isDefined()) {
      throw DeltactlException.invalid("the table sets delta.setTransactionRetentionDuration: copy-into's record of"
          + " loaded files would expire with it, and files would load twice; unset it to use copy-into");
    }
    Map<String, Long> recordedInChecksum = recordedInChecksum(txn);
    Map<CopyIntoFiles.SourceFile, String> undecided = new LinkedHashMap<>();
    Map<CopyIntoFiles.SourceFile, Long> recorded = CopyIntoFiles.lookUp(listing.folder(), candidates,
        id -> loadedVersion(txn, recordedInChecksum, id),
        ids -> CopyIntoFiles.legacySources(location, hadoopConf(), ids), undecided);
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
      boolean loaded = version != null && (!r.detectChanges() || version == f.status().getModificationTime());
      if (loaded && !r.force()) {
        skipped++;
      } else if (unreadable.containsKey(CopyIntoRows.path(f))) {
        rejected.add(new CopyIntoResult.Rejected(f.relative(), unreadable.get(CopyIntoRows.path(f))));
        aside.add(org.apache.spark.sql.RowFactory.create(f.status().getPath().toString(), null,
            unreadable.get(CopyIntoRows.path(f))));
      } else {
        toLoad.add(f);
      }
    }
    String display = r.table().display();
    LOG.debug("{} files to load, {} loaded before, at {} ms", toLoad.size(), skipped, millis(t0));
    if (toLoad.isEmpty()) {
      if (r.validate() == null) {
        CopyIntoRows.setAside(spark, r, aside, null);
      }
      return new CopyIntoResult(r.validate() != null ? CopyIntoResult.Status.VALIDATED
          : CopyIntoResult.Status.NOTHING_TO_LOAD, display, 0, skipped, 0, 0, 0, null, List.of(), rejected,
          null, millis(t0));
    }
    StructType tableSchema = txn.snapshot().schema();
    try {
      return load(r, listing.folder(), log, txn, toLoad, rejected, aside, skipped, tableSchema, t0);
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

  private CopyIntoResult load(CopyIntoRequest r, String folder, DeltaLog log, OptimisticTransaction txn, List<CopyIntoFiles.SourceFile> toLoad,
      List<CopyIntoResult.Rejected> rejected, List<Row> aside, long skipped, StructType tableSchema, long t0)
      throws Exception {
    String display = r.table().display();
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
        return new CopyIntoResult(r.validate() != null ? CopyIntoResult.Status.VALIDATED
            : CopyIntoResult.Status.NOTHING_TO_LOAD, display, 0, skipped, 0, 0, 0, null, List.of(), rejected, null,
            millis(t0));
      }
    }
    Dataset<Row> rows;
    long badRecords = 0;
    Dataset<Row> malformed = null;
    Dataset<Row> all = null;
    if (r.onError() == CopyIntoRequest.OnError.BAD_RECORDS && r.format().textual()) {
      all = CopyIntoRows.source(spark, r, toLoad, tableSchema, true).persist();
      malformed = all.where(CopyIntoRows.CORRUPT + " IS NOT NULL");
      badRecords = malformed.count();
      rows = shape(r, all.where(CopyIntoRows.CORRUPT + " IS NULL").drop(CopyIntoRows.CORRUPT));
    } else {
      rows = shape(r, CopyIntoRows.source(spark, r, toLoad, tableSchema, false));
    }
    try {
      CopyIntoRows.checkSchema(rows.schema(), tableSchema, r.mergeSchema());
      long bytes = toLoad.stream().mapToLong(f -> f.status().getLen()).sum();
      if (r.validate() != null) {
        return CopyIntoRows.validate(r, rows, toLoad, rejected, skipped, bytes, t0);
      }
      Map<String, String> options = new LinkedHashMap<>();
      if (r.mergeSchema()) {
        options.put("mergeSchema", "true");
      }
      WriteIntoDelta write = new WriteIntoDelta(log, SaveMode.Append,
          new DeltaOptions(CollectionConverters.asScala(options).toMap(scala.$less$colon$less$.MODULE$.refl()),
              spark.sessionState().conf()),
          CollectionConverters.asScala(List.<String>of()).toSeq(),
          CollectionConverters.asScala(Map.<String, String>of()).toMap(scala.$less$colon$less$.MODULE$.refl()),
          rows, Option.empty(), Option.empty(), false);
      LOG.debug("source read planned at {} ms", millis(t0));
      // the files carry the bloom filters of the table's indexed columns
      List<Action> actions = RunConf.with(spark, SparkBloomIndex.writeConf(txn.snapshot().metadata()), () ->
          new ArrayList<>(CollectionConverters.asJava(
              write.writeAndReturnCommitData(txn, spark, Option.empty(), false).actions())));
      LOG.debug("{} data files written at {} ms", actions.size(), millis(t0));
      long rowsInserted = 0;
      for (Action a : actions) {
        if (a instanceof AddFile add && add.numLogicalRecords().isDefined()) {
          rowsInserted += (Long) add.numLogicalRecords().get();
        }
      }
      // set aside only once the rows are written: an attempt that fails before this writes nothing there
      CopyIntoRows.setAside(spark, r, aside, badRecords > 0 ? malformed : null);
      long now = System.currentTimeMillis();
      List<String> loadedNames = new ArrayList<>();
      for (CopyIntoFiles.SourceFile f : toLoad) {
        actions.add(new SetTransaction(CopyIntoFiles.appId(f), f.status().getModificationTime(), Option.apply(now)));
        loadedNames.add(f.relative());
      }
      Map<String, Object> metrics = new LinkedHashMap<>();
      metrics.put("source", folder);
      metrics.put("format", r.format().sourceName());
      metrics.put("numFilesLoaded", toLoad.size());
      metrics.put("numFilesSkipped", skipped);
      metrics.put("numRowsInserted", rowsInserted);
      metrics.put("numBadRecords", badRecords);
      metrics.put("bytesRead", bytes);
      String userMetadata = JSON.writeValueAsString(Map.of("copyInto", metrics));
      DeltaOperations.Write op = new DeltaOperations.Write(SaveMode.Append,
          Option.apply(CollectionConverters.asScala(List.<String>of()).toSeq()), Option.empty(),
          Option.apply(userMetadata), Option.empty(), Option.empty(),
          r.mergeSchema() ? Option.apply(true) : Option.empty(), Option.empty(), Option.empty());
      long version;
      try {
        version = txn.commit(CollectionConverters.asScala(actions).toSeq(), op);
        LOG.debug("version {} committed at {} ms", version, millis(t0));
      } catch (io.delta.exceptions.ConcurrentTransactionException e) {
        throw new DeltactlException(ErrorCode.CONCURRENT_MODIFICATION, "a concurrent copy-into committed some of"
            + " these files first; this run loaded nothing and is safe to run again (it skips what is loaded)", e);
      }
      return new CopyIntoResult(CopyIntoResult.Status.LOADED, display, toLoad.size(), skipped, rowsInserted,
          badRecords, bytes, version, loadedNames, rejected, null, millis(t0));
    } finally {
      if (all != null) {
        all.unpersist();
      }
    }
  }

  /**
   * The application transactions of the transaction's snapshot, when its checksum file carries them (Delta
   * keeps them there commit after commit): without it, asking the transaction reconstructs the snapshot's
   * whole state, a few seconds of Spark jobs on a small table.
   */
  private static Map<String, Long> recordedInChecksum(OptimisticTransaction txn) {
    var crc = txn.snapshot().checksumOpt();
    if (crc.isEmpty() || crc.get().setTransactions().isEmpty()) {
      return null;
    }
    Map<String, Long> out = new java.util.HashMap<>();
    for (SetTransaction t : CollectionConverters.asJava(crc.get().setTransactions().get())) {
      out.put(t.appId(), t.version());
    }
    return out;
  }

  /** The version recorded under an id, null if none; the transaction conflicts with a run that records it too. */
  private static Long loadedVersion(OptimisticTransaction txn, Map<String, Long> recordedInChecksum, String id) {
    if (recordedInChecksum == null) {
      long v = txn.txnVersion(id);
      return v == -1 ? null : v;
    }
    txn.readTxn().$plus$eq(id); // what txnVersion does besides the lookup: a concurrent record of it conflicts
    return recordedInChecksum.get(id);
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  /** The shaped rows (a classic plan is resolved at once: the view can go right away). */
  private Dataset<Row> shape(CopyIntoRequest r, Dataset<Row> source) {
    try (CopyIntoRows.Shaped shaped = CopyIntoRows.shape(spark, r, source)) {
      return shaped.rows();
    }
  }

  private static long millis(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }
}
