package dev.deltactl.core.engine.spark;

import dev.deltactl.core.api.ProgressListener;
import dev.deltactl.core.engine.kernel.KernelEngine;
import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.DeltaOperations;
import org.apache.spark.sql.delta.DeltaOptions;
import org.apache.spark.sql.delta.OptimisticTransaction;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.actions.FileAction;
import org.apache.spark.sql.delta.actions.SetTransaction;
import org.apache.spark.sql.delta.commands.WriteIntoDelta;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * {@link Commits} on the classic engine: Delta's {@code OptimisticTransaction} in this driver. A copy-into run
 * is one commit: its rows and one {@code txn} action per file, the transaction ids it read checked against
 * concurrent commits.
 */
record ClassicCommits(SparkSession spark, String location, ProgressListener progress) implements Commits {

  @Override
  public Load startLoad() {
    OptimisticTransaction txn = DeltaLog.forTable(spark, new Path(location)).startTransaction();
    Option<Object> retention = DeltaLog.minSetTransactionRetentionInterval(txn.snapshot().metadata());
    return new Load(retention.isDefined() ? java.time.Duration.ofMillis((Long) retention.get()) : null, true) {
      @Override
      Function<String, Long> records(List<String> ids) {
        Map<String, Long> inChecksum = recordedInChecksum(txn);
        return id -> loadedVersion(txn, inChecksum, id);
      }

      @Override
      StructType schema() {
        return txn.snapshot().schema();
      }

      @Override
      Loaded commitLoad(SparkCopyInto.Loading l) throws Exception {
        return load(txn, l);
      }
    };
  }

  private Loaded load(OptimisticTransaction txn, SparkCopyInto.Loading l) throws Exception {
    var r = l.request();
    CopyIntoRows.Shaped rows = l.all();
    Map<String, String> options = new LinkedHashMap<>();
    if (r.mergeSchema()) {
      options.put("mergeSchema", "true");
    }
    WriteIntoDelta write = new WriteIntoDelta(txn.deltaLog(), SaveMode.Append,
        new DeltaOptions(CollectionConverters.asScala(options).toMap(scala.$less$colon$less$.MODULE$.refl()),
            spark.sessionState().conf()),
        CollectionConverters.asScala(List.<String>of()).toSeq(),
        CollectionConverters.asScala(Map.<String, String>of()).toMap(scala.$less$colon$less$.MODULE$.refl()),
        rows.rows(), Option.empty(), Option.empty(), false);
    // the files carry the bloom filters of the table's indexed columns
    List<Action> actions = RunConf.with(spark, SparkBloomIndex.writeConf(txn.snapshot().metadata()), () ->
        new ArrayList<>(CollectionConverters.asJava(
            write.writeAndReturnCommitData(txn, spark, Option.empty(), false).actions())));
    long rowsInserted = 0;
    for (Action a : actions) {
      if (a instanceof AddFile add && add.numLogicalRecords().isDefined()) {
        rowsInserted += (Long) add.numLogicalRecords().get();
      }
    }
    long badRecords = rows.badRecords();
    // set aside only once the rows are written: an attempt that fails before this writes nothing there
    l.setAside().accept(badRecords > 0 ? rows.malformed() : null);
    long now = System.currentTimeMillis();
    for (CopyIntoFiles.SourceFile f : l.files()) {
      actions.add(new SetTransaction(CopyIntoFiles.appId(f), f.status().getModificationTime(), Option.apply(now)));
    }
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("source", l.folder());
    metrics.put("format", r.format().sourceName());
    metrics.put("numFilesLoaded", l.files().size());
    metrics.put("numFilesSkipped", l.skipped());
    metrics.put("numRowsInserted", rowsInserted);
    metrics.put("numBadRecords", badRecords);
    metrics.put("bytesRead", l.files().stream().mapToLong(f -> f.status().getLen()).sum());
    String userMetadata = JSON.writeValueAsString(Map.of("copyInto", metrics));
    DeltaOperations.Write op = new DeltaOperations.Write(SaveMode.Append,
        Option.apply(CollectionConverters.asScala(List.<String>of()).toSeq()), Option.empty(),
        Option.apply(userMetadata), Option.empty(), Option.empty(),
        r.mergeSchema() ? Option.apply(true) : Option.empty(), Option.empty(), Option.empty());
    try {
      long version = txn.commit(CollectionConverters.asScala(actions).toSeq(), op);
      return new Loaded(version, rowsInserted, badRecords, l.files(), 0);
    } catch (io.delta.exceptions.ConcurrentTransactionException e) {
      throw new DeltactlException(ErrorCode.CONCURRENT_MODIFICATION, "a concurrent copy-into committed some of"
          + " these files first; this run loaded nothing and is safe to run again (it skips what is loaded)", e);
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
    Map<String, Long> out = new HashMap<>();
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

  @Override
  public Rewrite startRewrite() {
    OptimisticTransaction txn = DeltaLog.forTable(spark, new Path(location)).startTransaction();
    Snapshot snapshot = txn.snapshot();
    Map<String, AddFile> listed = new HashMap<>();
    return new Rewrite(snapshot.version(), CollectionConverters.asJava(snapshot.metadata().configuration()),
        snapshot.metadata().schema(), CollectionConverters.asJava(snapshot.metadata().partitionColumns())) {
      @Override
      List<KernelEngine.DataFile> files() {
        List<KernelEngine.DataFile> out = new ArrayList<>();
        Path dataPath = snapshot.deltaLog().dataPath();
        for (AddFile a : snapshot.allFiles().collectAsList()) {
          Path p = new Path(java.net.URI.create(a.path()));
          String path = (p.isAbsolute() ? p : new Path(dataPath, p)).toString();
          listed.put(path, a);
          boolean dv = a.deletionVector() != null;
          out.add(new KernelEngine.DataFile(path, CollectionConverters.asJava(a.partitionValues()), a.size(), null,
              dv ? a.deletionVector().cardinality() : 0, dv, null,
              a.tags() == null ? Map.of() : CollectionConverters.asJava(a.tags())));
        }
        return out;
      }

      @Override
      Map<String, String> physicalNames() {
        Map<String, String> out = new HashMap<>();
        for (StructField f : schema.fields()) {
          out.put(f.name(), SparkBloomIndex.physicalName(f));
        }
        return out;
      }

      @Override
      List<KernelEngine.DataFile> replaced(List<KernelEngine.DataFile> files, List<KernelEngine.DataFile> lacking) {
        return lacking;
      }

      @Override
      Rewritten commitRewrite(List<KernelEngine.DataFile> replaced, Map<String, String> conf, String what) {
        return rewrite(txn, replaced.stream().map(f -> listed.get(f.path())).toList(), conf, what);
      }
    };
  }

  /** Rewrites the files as they are, each as one file, and commits them with dataChange=false. */
  private Rewritten rewrite(OptimisticTransaction txn, List<AddFile> lacking, Map<String, String> conf,
      String what) {
    Snapshot snapshot = txn.snapshot();
    scala.collection.immutable.Seq<AddFile> rewrite = CollectionConverters.asScala(lacking).toSeq();
    // a concurrent commit that removes one of these files conflicts with this one (exit 4)
    txn.trackFilesRead(rewrite);
    List<Action> actions = new ArrayList<>();
    RunConf.with(spark, conf, () -> {
      try (SparkProgress ignored = SparkProgress.follow(spark, what, progress)) {
        Dataset<Row> rows = txn.deltaLog().createDataFrame(snapshot, rewrite, false, Option.apply("Optimize"));
        rows = org.apache.spark.sql.delta.RowTracking.preserveRowTrackingColumns(rows, snapshot);
        for (FileAction a : CollectionConverters.asJava(txn.writeFiles(rows, Option.empty(), true,
            CollectionConverters.asScala(List.<org.apache.spark.sql.delta.constraints.Constraint>of()).toSeq()))) {
          if (a instanceof AddFile add) {
            actions.add(unchanged(add));
          }
        }
      }
      return null;
    });
    long added = actions.size();
    long addedBytes = actions.stream().mapToLong(a -> ((AddFile) a).size()).sum();
    long now = System.currentTimeMillis();
    for (AddFile f : lacking) {
      actions.add(f.removeWithTimestamp(now, false));
    }
    try {
      long version = txn.commit(CollectionConverters.asScala(actions).toSeq(),
          new DeltaOperations.Reorg(CollectionConverters.asScala(
              List.<org.apache.spark.sql.catalyst.expressions.Expression>of()).toSeq(), false),
          org.apache.spark.sql.delta.RowTracking$.MODULE$.addPreservedRowTrackingTagIfNotSet(snapshot,
              scala.collection.immutable.Map$.MODULE$.empty()));
      return new Rewritten(version, added, addedBytes);
    } catch (io.delta.exceptions.DeltaConcurrentModificationException e) {
      throw new DeltactlException(ErrorCode.CONCURRENT_MODIFICATION, "a concurrent commit changed files this"
          + " rewrite replaces; nothing was committed, run it again", e);
    }
  }

  /** The same file, marked as no data change: readers of the change stream skip it, like optimize's. */
  private static AddFile unchanged(AddFile a) {
    return a.copy(a.path(), a.partitionValues(), a.size(), a.modificationTime(), false, a.stats(), a.tags(),
        a.deletionVector(), a.baseRowId(), a.defaultRowCommitVersion(), a.clusteringProvider(), a.backReference(),
        a.amtPassthrough());
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();
}
