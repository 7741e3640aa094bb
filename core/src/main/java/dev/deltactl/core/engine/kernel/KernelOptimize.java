package dev.deltactl.core.engine.kernel;

import dev.deltactl.core.api.OptimizePlan;
import dev.deltactl.core.api.OptimizePlanner;
import dev.deltactl.core.api.OptimizeRequest;
import dev.deltactl.core.api.OptimizeResult;
import dev.deltactl.core.api.TableRef;
import dev.deltactl.core.engine.CannotAnswer;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What optimize reads of a table's log, in this process: the files as {@link OptimizePlanner} takes them (for
 * every engine), and the whole answer of a dry run (the plan needs no Spark when {@code --where} and
 * {@code --zorder-by}, which Spark's parser and types check, are not given).
 */
public final class KernelOptimize {
  private KernelOptimize() {}

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

  /**
   * The plan of {@code optimize --dry-run} from the latest version's log, with the sizes of the request, else of
   * {@code settings} (the session's, as the user gave them), else Delta's defaults; declined ({@link CannotAnswer})
   * for what needs Spark.
   */
  static OptimizeResult dryRun(KernelEngine kernel, OptimizeRequest r, Map<String, String> settings) {
    String question = r.zOrder() ? "zorder" : "optimize";
    if (!r.dryRun()) {
      throw new CannotAnswer(question, r.table().display(), "it rewrites files (Spark does)", null);
    }
    if (r.where() != null || r.zOrder()) {
      throw new CannotAnswer(question + " --dry-run", r.table().display(), "Spark checks "
          + (r.where() != null ? "--where" : "the Z-order columns"), null);
    }
    long t0 = System.nanoTime();
    Latest t = latest(kernel, r.table(), question + " --dry-run");
    OptimizePlanner.checkLayout(r.table().display(), t.clusteringColumns(), r);
    List<OptimizePlanner.FileEntry> files = t.files().orElseThrow(() ->
        new CannotAnswer(question + " --dry-run", r.table().display(), "it cannot list the table's files", null));
    // a Spark session here would take the settings given, else the JVM's spark.* system properties
    OptimizePlan plan = OptimizePlanner.plan(r.table().display(), t.version(), t.partitionColumns(),
        t.clusteringColumns(), r, k -> settings.containsKey(k) ? settings.get(k) : System.getProperty(k), files);
    return new OptimizeResult(OptimizeResult.Status.DRY_RUN, plan, plan.version(), Map.of(),
        (System.nanoTime() - t0) / 1_000_000, 1);
  }

  /**
   * The latest version of a table as optimize checks and plans it, from one snapshot: its layout and properties
   * read at once, its files (a scan of the snapshot) when first asked for.
   */
  public static final class Latest {
    private final KernelEngine kernel;
    private final io.delta.kernel.internal.SnapshotImpl snapshot;
    private final List<String> partitionColumns;
    private final List<String> clusteringColumns;
    private final Map<String, String> properties;
    private Optional<List<OptimizePlanner.FileEntry>> files;

    private Latest(KernelEngine kernel, io.delta.kernel.internal.SnapshotImpl snapshot, List<String> partitionColumns,
        List<String> clusteringColumns, Map<String, String> properties) {
      this.kernel = kernel;
      this.snapshot = snapshot;
      this.partitionColumns = partitionColumns;
      this.clusteringColumns = clusteringColumns;
      this.properties = properties;
    }

    public long version() {
      return snapshot.getVersion();
    }

    public List<String> partitionColumns() {
      return partitionColumns;
    }

    /** The liquid clustering columns; empty when the table is not clustered. */
    public List<String> clusteringColumns() {
      return clusteringColumns;
    }

    public Map<String, String> properties() {
      return properties;
    }

    /** Every file of the version as the planner takes them; empty when Kernel cannot list them (see dataFiles). */
    public synchronized Optional<List<OptimizePlanner.FileEntry>> files() {
      if (files == null) {
        files = kernel.dataFiles(snapshot).map(f -> entries(f, partitionColumns));
      }
      return files;
    }
  }

  /** The latest version of a path table, for {@code question} (the words of its errors). */
  public static Latest latest(KernelEngine kernel, TableRef table, String question) {
    io.delta.kernel.internal.SnapshotImpl s = kernel.latest(table, question);
    try {
      return new Latest(kernel, s, s.getPartitionColumnNames(), KernelEngine.clusteringColumns(s),
          new java.util.TreeMap<>(s.getMetadata().getConfiguration()));
    } catch (RuntimeException | LinkageError e) {
      throw kernel.cannotRead(question, table.path(), e);
    }
  }

  /** A version's files as the planner takes them, all matching. */
  public static List<OptimizePlanner.FileEntry> entries(List<KernelEngine.DataFile> files, List<String> partitionColumns) {
    return files.stream().map(f -> new OptimizePlanner.FileEntry(
        partitionColumns.stream().map(p -> f.partitionValues().get(p)).toList(), f.size(), f.numRecords(),
        f.deletedRows(), f.hasDeletionVector(), true, zCubeId(f.tags()), zCubeColumns(f.tags()))).toList();
  }

  /** The cluster a file was written in by a clustering or Z-ordering run: its {@code ZCUBE_ID} tag, or null. */
  public static String zCubeId(Map<String, String> tags) {
    return tags == null || zCubeColumns(tags) == null ? null : tags.get("ZCUBE_ID");
  }

  /** The columns of that run, from the JSON array of its {@code ZCUBE_ZORDER_BY} tag; null without one. */
  public static List<String> zCubeColumns(Map<String, String> tags) {
    String json = tags == null || tags.get("ZCUBE_ID") == null ? null : tags.get("ZCUBE_ZORDER_BY");
    if (json == null) {
      return null;
    }
    try {
      return List.of(JSON.readValue(json, String[].class));
    } catch (java.io.IOException e) {
      return null;
    }
  }
}
