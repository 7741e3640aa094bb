package dev.deltactl.core.engine.spark;

import dev.deltactl.core.api.FeaturePlanner;
import dev.deltactl.core.api.FeatureRequest;
import dev.deltactl.core.api.FeatureResult;
import dev.deltactl.core.api.PurgeRequest;
import dev.deltactl.core.api.PurgeResult;
import dev.deltactl.core.api.TableDetail;
import dev.deltactl.core.api.TableRef;
import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * feature and purge on every Spark engine (classic or Connect): the protocol read as describe reads it
 * ({@code DESCRIBE DETAIL}), a drop checked and planned by {@link FeaturePlanner}, then one
 * {@code ALTER TABLE ... DROP FEATURE name [TRUNCATE HISTORY]}; a purge is one {@code REORG TABLE ... APPLY (PURGE)}.
 * Delta's refusals of a drop are said in one line, with what to do ({@link #dropFailure}).
 */
record SparkFeatures(SparkSession spark, SparkTables tables, boolean tasksOutsideDriver,
    java.util.function.Supplier<Commits> rewrites) {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SparkFeatures.class);

  /** Tasks in the driver's JVM: purges with Delta's REORG TABLE ... APPLY (PURGE). */
  SparkFeatures(SparkSession spark, SparkTables tables) {
    this(spark, tables, false, null);
  }

  FeatureResult feature(FeatureRequest r) {
    long t0 = System.nanoTime();
    TableRef ref = r.table();
    FeaturePlanner.TableState before = state(ref);
    if (r.action() == FeatureRequest.Action.LIST) {
      return FeaturePlanner.list(before, millis(t0));
    }
    FeatureResult plan = FeaturePlanner.planDrop(r, before, millis(t0));
    if (r.dryRun()) {
      return plan;
    }
    if (tasksOutsideDriver && r.name().equalsIgnoreCase("deletionVectors")) {
      // Delta's drop always runs its REORG ... APPLY (PURGE) (see purgeByRewrite), after it has committed the
      // property's removal: refused before anything is committed
      throw new DeltactlException(ErrorCode.NOT_SUPPORTED_BY_ENGINE, "feature drop deletionVectors of "
          + before.table() + ": Delta Lake 4.4 cannot drop it on a cluster master (its drop rewrites the files with"
          + " a REORG whose tasks only work in the driver's JVM); run this one with --master local[*] on the same"
          + " table, nothing was changed");
    }
    String sql = "ALTER TABLE " + Sql.table(ref) + " DROP FEATURE " + Sql.ident(r.name())
        + (r.truncateHistory() ? " TRUNCATE HISTORY" : "");
    LOG.info("running: {}", sql);
    try {
      spark.sql(sql);
    } catch (RuntimeException e) {
      throw dropFailure(e, r, before, after(ref, before.version()));
    }
    FeaturePlanner.TableState after = state(ref);
    return new FeatureResult(FeatureResult.Status.DROPPED, before.table(), before.version(), after.version(),
        after.minReaderVersion(), after.minWriterVersion(), FeaturePlanner.features(after),
        new FeatureResult.Drop(r.name(), r.truncateHistory(), plan.drop().steps(), plan.drop().retention(),
            after.version() - before.version()), millis(t0));
  }

  /** The table's version after a failed drop (what it committed before it stopped), or the version before. */
  private long after(TableRef ref, long before) {
    try {
      return tables.describe(ref).version();
    } catch (RuntimeException e) {
      return before;
    }
  }

  private FeaturePlanner.TableState state(TableRef ref) {
    TableDetail d = tables.describe(ref);
    Set<String> features = new TreeSet<>(d.tableFeatures() == null ? List.of() : d.tableFeatures());
    // a protocol of writer version 7 names its features; below, they are implied by the versions
    Set<String> explicit = d.minWriterVersion() >= 7 ? features : Set.of();
    return new FeaturePlanner.TableState(ref.display(), d.version(), d.minReaderVersion(), d.minWriterVersion(),
        explicit, features, null, new TreeMap<>(d.properties()), null, null);
  }

  /**
   * Delta's refusal of a drop in one line: the waits (exit 5) say how long and what to run then; a feature not
   * there, a way that does not apply (exit 2); a concurrent commit (exit 4); anything else as Spark's errors are.
   */
  static DeltactlException dropFailure(Throwable e, FeatureRequest r, FeaturePlanner.TableState before,
      long afterVersion) {
    String condition = SparkErrors.condition(e);
    String name = r.name();
    Map<String, String> p = before.properties();
    String truncate = p.getOrDefault(FeaturePlanner.TRUNCATE_RETENTION, FeaturePlanner.TRUNCATE_RETENTION_DEFAULT)
        + " (" + FeaturePlanner.TRUNCATE_RETENTION + ")";
    String log = p.getOrDefault(FeaturePlanner.LOG_RETENTION, FeaturePlanner.LOG_RETENTION_DEFAULT)
        + " (" + FeaturePlanner.LOG_RETENTION + ")";
    String committed = afterVersion > before.version()
        ? " (versions " + (before.version() + 1) + " to " + afterVersion + " committed)" : "";
    String head = "feature drop " + name + " of " + before.table() + ": ";
    if (condition == null) {
      return SparkErrors.translate(e);
    }
    if (condition.startsWith("DELTA_FEATURE_DROP_WAIT_FOR_RETENTION_PERIOD")) {
      return new DeltactlException(ErrorCode.SAFETY_CHECK, head + "the latest version no longer uses it" + committed
          + ", but older versions do; run this again with --truncate-history after " + truncate
          + " has passed, or without --truncate-history now (Delta then protects the history with"
          + " checkpointProtection)", e);
    }
    if (condition.startsWith("DELTA_FEATURE_DROP_HISTORICAL_VERSIONS_EXIST")) {
      return new DeltactlException(ErrorCode.SAFETY_CHECK, head + "versions still in the log use it" + committed
          + "; run this again with --truncate-history once " + truncate + " has passed since it was last used"
          + " (without it, once " + log + " has)", e);
    }
    if (condition.startsWith("DELTA_FEATURE_DROP_CHECKPOINT_PROTECTION_WAIT_FOR_RETENTION_PERIOD")) {
      return new DeltactlException(ErrorCode.SAFETY_CHECK, head + "versions still in the log use features dropped"
          + " earlier; run this again once " + truncate + " has passed since the last drop", e);
    }
    if (condition.startsWith("DELTA_FEATURE_DROP_FEATURE_NOT_PRESENT")) {
      return new DeltactlException(ErrorCode.INVALID_ARGUMENT, head + "the table's protocol does not have it (its"
          + " features: " + String.join(", ", before.features()) + ")", e);
    }
    if (condition.startsWith("DELTA_FEATURE_DROP_NONREMOVABLE_FEATURE")
        || condition.startsWith("DELTA_FEATURE_DROP_UNSUPPORTED_CLIENT_FEATURE")) {
      return new DeltactlException(ErrorCode.SAFETY_CHECK, head + "Delta Lake cannot drop this feature", e);
    }
    if (condition.startsWith("DELTA_FEATURE_DROP_DEPENDENT_FEATURE")) {
      return new DeltactlException(ErrorCode.SAFETY_CHECK, head + "other features of the table need it; drop them"
          + " first", e);
    }
    if (condition.startsWith("DELTA_FEATURE_DROP_HISTORY_TRUNCATION_NOT_ALLOWED")) {
      return new DeltactlException(ErrorCode.INVALID_ARGUMENT, head + "it needs no history truncation; run it"
          + " without --truncate-history", e);
    }
    if (condition.startsWith("DELTA_FEATURE_DROP_CONFLICT_REVALIDATION_FAIL")) {
      return new DeltactlException(ErrorCode.CONCURRENT_MODIFICATION, head + "a concurrent commit used the feature"
          + committed + "; it is safe to run again", e);
    }
    if (condition.startsWith("DELTA_FEATURE_DROP_CHECKPOINT_FAILED")) {
      return new DeltactlException(ErrorCode.OPERATION_FAILED, head + "a checkpoint could not be written"
          + committed + "; run it again later", e);
    }
    return SparkErrors.translate(e);
  }

  /**
   * Rewrites the files that carry deletion vectors: the version read before, the version committed and Delta's
   * metrics (no files: the plan is read before, with Kernel).
   */
  PurgeResult purge(PurgeRequest r) {
    long t0 = System.nanoTime();
    if (tasksOutsideDriver) {
      return purgeByRewrite(r.table().display(), t0);
    }
    long readVersion = tables.describe(r.table()).version();
    String sql = "REORG TABLE " + Sql.table(r.table()) + " APPLY (PURGE)";
    LOG.info("running: {}", sql);
    Map<String, Object> metrics;
    try {
      Dataset<Row> out = spark.sql(sql);
      Row row = out.head();
      int i = out.schema().fieldIndex("metrics");
      @SuppressWarnings("unchecked")
      Map<String, Object> m = (Map<String, Object>) RowValues.value(row.get(i), out.schema().fields()[i].dataType());
      metrics = m;
    } catch (RuntimeException e) {
      throw SparkErrors.translate(e);
    }
    long version = tables.describe(r.table()).version();
    Object dvStats = metrics.get("deletionVectorStats");
    long dvRemoved = dvStats instanceof Map<?, ?> dm ? number(dm.get("numDeletionVectorsRemoved")) : 0;
    return PurgeResult.plan(r.table().display(), readVersion, List.of(), false, 0).purged(version,
        number(metrics.get("numFilesRemoved")), number(metrics.get("numFilesAdded")), dvRemoved, millis(t0));
  }

  /**
   * The purge where tasks run in executors of their own (a standalone cluster): Delta Lake 4.4's REORG ...
   * APPLY (PURGE) reads the session in its tasks (to find files with dropped columns), which only works in the
   * driver's JVM. The files that carry deletion vectors are rewritten instead as bloom-index build rewrites
   * files, each as one file without its deleted rows, in one REORG commit with dataChange=false.
   */
  private PurgeResult purgeByRewrite(String display, long t0) {
    Commits.Rewrite table = rewrites.get().startRewrite();
    List<dev.deltactl.core.engine.kernel.KernelEngine.DataFile> files = table.files();
    List<dev.deltactl.core.engine.kernel.KernelEngine.DataFile> withVectors = files.stream()
        .filter(dev.deltactl.core.engine.kernel.KernelEngine.DataFile::hasDeletionVector).toList();
    PurgeResult plan = PurgeResult.plan(display, table.version, List.of(), false, 0);
    if (withVectors.isEmpty()) {
      return plan.purged(table.version, 0, 0, 0, millis(t0));
    }
    // one task per file, never split nor packed with others
    Map<String, String> conf = Map.of("spark.sql.files.maxPartitionBytes", String.valueOf(1L << 50),
        "spark.sql.files.openCostInBytes", String.valueOf(1L << 50));
    List<dev.deltactl.core.engine.kernel.KernelEngine.DataFile> replaced = table.replaced(files, withVectors);
    LOG.info("rewriting the {} files with deletion vectors of {}", replaced.size(), display);
    Commits.Rewritten done = table.commitRewrite(replaced, conf, "purge");
    return plan.purged(done.version(), replaced.size(), done.files(), withVectors.size(), millis(t0));
  }

  private static long number(Object o) {
    return o instanceof Number n ? n.longValue() : 0;
  }

  private static long millis(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }
}
