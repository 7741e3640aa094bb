package dev.deltactl.core.engine.spark;

import dev.deltactl.core.api.VersionsResult;
import dev.deltactl.core.engine.kernel.KernelEngine;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What time travel ({@link SparkTimeTravel}) reads of a table's log and storage beside the SQL it sends: the
 * classic engine's Delta snapshot and Kernel in its driver ({@link ClassicVersionLog}), the Connect client's
 * Kernel ({@link ConnectVersionLog}). Each answer avoids a Spark job where the engine can.
 */
interface VersionLog {
  /** Every commit, ascending, read here without a Spark job; null when it cannot be (history is asked). */
  List<KernelEngine.CommitRef> timeline();

  /** Kernel's check of a version's files, one listing and no Spark job; not {@code listed} when it cannot. */
  KernelEngine.FileCheck checkFiles(long version);

  /** Whether a data file, by the absolute path Spark reads it at, is on storage; each call a new lookup. */
  Predicate<String> present();

  /** {@code time-travel versions} as Kernel answers it here, or null (the versions are asked of Spark). */
  VersionsResult versions();

  /** The data files of a version and their sizes. */
  Map<String, Long> files(long version);

  /** The partition columns of a version. */
  List<String> partitionColumns(long version);

  /** The table properties of a version. */
  Map<String, String> properties(long version);

  /**
   * For each version from {@code from} to {@code to}, whether the change data feed is on at it, or null when it
   * cannot be told here (Delta then says it).
   */
  default boolean[] changeFeedOn(long from, long to) {
    boolean[] on = new boolean[(int) (to - from + 1)];
    for (long v = from; v <= to; v++) {
      on[(int) (v - from)] = "true".equalsIgnoreCase(
          String.valueOf(properties(v).get(KernelEngine.CHANGE_DATA_FEED)).strip());
    }
    return on;
  }

  /** Reports the progress of the jobs run until it is closed; a no-op where jobs are not seen. */
  AutoCloseable progress(String what);
}
