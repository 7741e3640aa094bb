package dev.deltactl.core.engine.spark;

import dev.deltactl.core.api.HistoryResult;
import dev.deltactl.core.engine.kernel.KernelEngine;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;

/**
 * What an operation reads of a table's log and storage beside the SQL it sends, the one thing the Spark
 * engines do differently: the classic engine reads Delta's own snapshot in its driver ({@link ClassicTableLog}),
 * the Connect engine's client reads the log with Delta Kernel. Operations written against this and the
 * {@link org.apache.spark.sql.SparkSession} both engines share run on either.
 */
interface TableLog {
  /** The table's location: its path, or where the metastore keeps a name. */
  String location();

  /** The latest version. */
  long version();

  /** The writer features of the protocol. */
  Collection<String> writerFeatures();

  /** {@code delta.deletedFileRetentionDuration}, or Delta's default of a week. */
  Duration deletedFileRetention();

  /** Every commit in the log, ascending, with history's timestamps. */
  List<KernelEngine.CommitRef> timeline();

  /** The newest {@code limit} commits, newest first. */
  List<HistoryResult.Entry> history(int limit);

  /** The file system of the table's location, with the engine's settings. */
  FileSystem fileSystem();

  /** Reports the progress of the jobs run until it is closed; a no-op where jobs are not seen. */
  AutoCloseable progress(String what);
}
