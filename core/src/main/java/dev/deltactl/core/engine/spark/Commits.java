package dev.deltactl.core.engine.spark;

import dev.deltactl.core.engine.kernel.KernelEngine;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.types.StructType;

/**
 * How a Spark engine commits what an operation wrote, where the engines genuinely differ: the classic engine
 * commits through Delta's {@code OptimisticTransaction} in its driver ({@link ClassicCommits}: one commit with
 * any actions, conflicts checked against what the operation read); over Spark Connect only Delta's write
 * options reach the server ({@link ConnectCommits}: a commit per write, the log read here with Kernel). The
 * rest of each operation is written once against the {@link org.apache.spark.sql.SparkSession} both share.
 */
interface Commits {
  /** Starts a copy-into load: the table as the load's commit finds it. */
  Load startLoad();

  /** A copy-into load under way. */
  abstract class Load {
    /**
     * How long the table keeps its application transactions ({@code delta.setTransactionRetentionDuration}),
     * null when it keeps them for ever.
     */
    final java.time.Duration recordRetention;
    /**
     * Whether the load is one commit, with any actions; otherwise each file is a commit of its own, the files
     * are all read once to check them before the first, and a file's record cannot go back to an older
     * modification time (Delta's idempotent writes only move it forward).
     */
    final boolean oneCommit;

    Load(java.time.Duration recordRetention, boolean oneCommit) {
      this.recordRetention = recordRetention;
      this.oneCommit = oneCommit;
    }

    /**
     * The version recorded under an id, null if none, for the ids of the files given (on the classic engine a
     * concurrent record of an id looked up conflicts with this load's commit).
     */
    abstract Function<String, Long> records(List<String> ids);

    /** The table's schema. */
    abstract StructType schema();

    /** Writes the rows of the files and records each file as loaded, in the same commit: exactly once. */
    abstract Loaded commitLoad(SparkCopyInto.Loading loading) throws Exception;
  }

  /**
   * What a load committed: its latest version (null if none), the rows and bad records, the files loaded, and
   * those another run recorded meanwhile.
   */
  record Loaded(Long version, long rowsInserted, long badRecords, List<CopyIntoFiles.SourceFile> files,
      long skippedMeanwhile) {}

  /** Opens the table for a bloom-index action: its latest snapshot, on which a build's rewrite commits. */
  Rewrite startRewrite();

  /** A table's snapshot, and the rewrite of some of its files. */
  abstract class Rewrite {
    final long version;
    final Map<String, String> properties;
    final StructType schema;
    final List<String> partitionColumns;

    Rewrite(long version, Map<String, String> properties, StructType schema, List<String> partitionColumns) {
      this.version = version;
      this.properties = properties;
      this.schema = schema;
      this.partitionColumns = partitionColumns;
    }

    /** The data files, by their absolute paths. */
    abstract List<KernelEngine.DataFile> files();

    /** The columns' names in the data files (column mapping), by their names in the table. */
    abstract Map<String, String> physicalNames();

    /**
     * The files a rewrite of {@code lacking} replaces: those (the classic engine), or every file of their
     * partitions (over Connect, whose writes replace partitions, not files).
     */
    abstract List<KernelEngine.DataFile> replaced(List<KernelEngine.DataFile> files,
        List<KernelEngine.DataFile> lacking);

    /**
     * Rewrites the files, each as one file written with {@code conf}, in one commit with {@code dataChange=false}
     * (readers of the change stream skip it); a concurrent change to the files conflicts (exit 4). {@code what}
     * names the work in the progress line ({@code bloom-index build}, {@code purge}).
     */
    abstract Rewritten commitRewrite(List<KernelEngine.DataFile> replaced, Map<String, String> conf, String what);
  }

  /** A rewrite's commit, and the files it added and their bytes. */
  record Rewritten(long version, long files, long bytes) {}
}
