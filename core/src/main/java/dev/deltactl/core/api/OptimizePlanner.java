package dev.deltactl.core.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Computes an {@link OptimizePlan} from a snapshot's files with Delta's selection and bin-packing rules. */
public final class OptimizePlanner {
  /**
   * Delta's defaults: {@code optimize.maxFileSize}, {@code optimize.minFileSize}, {@code optimize.maxDeletedRowsRatio},
   * and for clustered tables {@code optimize.clustering.mergeStrategy.minCubeSize.threshold} (a cluster of files
   * at least this large is left alone) and {@code ...minCubeSize.targetCubeSize} (the most bytes clustered together).
   */
  public static final long DEFAULT_MAX_FILE_SIZE = 1024L * 1024 * 1024;
  public static final long DEFAULT_MIN_FILE_SIZE = 1024L * 1024 * 1024;
  public static final double DEFAULT_MAX_DELETED_ROWS_RATIO = 0.05;
  public static final long DEFAULT_MIN_CUBE_SIZE = 100 * DEFAULT_MAX_FILE_SIZE;
  public static final long DEFAULT_TARGET_CUBE_SIZE = (long) (DEFAULT_MIN_CUBE_SIZE * 1.5);

  /** The session settings of those values, as Delta names them. */
  public static final String MAX_FILE_SIZE = "spark.databricks.delta.optimize.maxFileSize";
  public static final String MIN_FILE_SIZE = "spark.databricks.delta.optimize.minFileSize";
  public static final String MAX_DELETED_ROWS_RATIO = "spark.databricks.delta.optimize.maxDeletedRowsRatio";
  /** Clustered tables: a cluster at least this large is left alone by optimize (Delta's default 100 x 1 GiB). */
  public static final String MIN_CUBE_SIZE =
      "spark.databricks.delta.optimize.clustering.mergeStrategy.minCubeSize.threshold";
  /** Clustered tables: the most bytes optimize clusters together. */
  public static final String TARGET_CUBE_SIZE =
      "spark.databricks.delta.optimize.clustering.mergeStrategy.minCubeSize.targetCubeSize";

  /**
   * One data file of the snapshot.
   *
   * @param partition its partition values, in partition column order
   * @param numRecords physical rows per its statistics; null when unknown
   * @param deletedRows rows marked deleted by its deletion vector; 0 without one
   * @param hasDeletionVector whether it has a deletion vector
   * @param matches whether it matches the {@code where} predicate
   * @param zCubeId the cluster (Delta's Z-cube) a clustering or Z-ordering run wrote it in (its {@code ZCUBE_ID}
   *     tag); null when no such run wrote it
   * @param zCubeColumns the columns of that run (its {@code ZCUBE_ZORDER_BY} tag); null with {@code zCubeId}
   */
  public record FileEntry(
      List<String> partition, long size, Long numRecords, long deletedRows, boolean hasDeletionVector,
      boolean matches, String zCubeId, List<String> zCubeColumns) {

    public FileEntry(List<String> partition, long size, Long numRecords, long deletedRows, boolean hasDeletionVector,
        boolean matches) {
      this(partition, size, numRecords, deletedRows, hasDeletionVector, matches, null, null);
    }

    public FileEntry matching(boolean m) {
      return new FileEntry(partition, size, numRecords, deletedRows, hasDeletionVector, m, zCubeId, zCubeColumns);
    }

    /** Delta's estimate of its size without its deleted rows. */
    long logicalSize() {
      if (numRecords == null || numRecords == 0 || deletedRows == 0) {
        return size;
      }
      return (long) ((double) (numRecords - deletedRows) / numRecords * size);
    }
  }

  private OptimizePlanner() {}

  /**
   * Refuses what Delta does not do with the table's layout, before any work: Z-ordering or {@code --where} on a
   * clustered table, {@code --full} on one that is not.
   */
  public static void checkLayout(String table, List<String> clusteringColumns, OptimizeRequest request) {
    if (clusteringColumns.isEmpty()) {
      if (request.full()) {
        throw dev.deltactl.core.error.DeltactlException.invalid("optimize --full reclusters a clustered table, and "
            + table + " is not clustered; run optimize without --full, or cluster it first with 'cluster-by "
            + table + " --by COL,...'");
      }
      return;
    }
    String columns = String.join(", ", clusteringColumns);
    if (request.zOrder()) {
      throw dev.deltactl.core.error.DeltactlException.invalid("cannot Z-order " + table + ": it is clustered by "
          + columns + " (liquid clustering); change its clustering columns with 'cluster-by " + table
          + " --by COL,...' and run optimize to cluster it");
    }
    if (request.where() != null) {
      throw dev.deltactl.core.error.DeltactlException.invalid("optimize --where is for partitions, and " + table
          + " is clustered by " + columns + " (not partitioned); run optimize without --where");
    }
  }

  /**
   * The plan of a version's files (those {@code --where} does not match marked so), by Delta's rules for the
   * table's layout: clustering when it has clustering columns, else compaction or Z-ordering; the sizes are
   * the request's, else the session's settings ({@code setting} gives a key's value, or null when unset), else
   * Delta's defaults.
   */
  public static OptimizePlan plan(String table, long version, List<String> partitionColumns,
      List<String> clusteringColumns, OptimizeRequest request, java.util.function.Function<String, String> setting,
      List<FileEntry> files) {
    checkLayout(table, clusteringColumns, request);
    long maxFileSize = request.targetFileSize() != null ? request.targetFileSize()
        : bytes(setting, MAX_FILE_SIZE, DEFAULT_MAX_FILE_SIZE, 1);
    if (!clusteringColumns.isEmpty()) {
      return planClustering(table, version, clusteringColumns, request, maxFileSize,
          bytes(setting, MIN_CUBE_SIZE, DEFAULT_MIN_CUBE_SIZE, 0),
          bytes(setting, TARGET_CUBE_SIZE, DEFAULT_TARGET_CUBE_SIZE, 0), files);
    }
    long minFileSize = request.minFileSize() != null ? request.minFileSize()
        : bytes(setting, MIN_FILE_SIZE, DEFAULT_MIN_FILE_SIZE, 0);
    String ratio = setting.apply(MAX_DELETED_ROWS_RATIO);
    double maxDeletedRowsRatio;
    try {
      maxDeletedRowsRatio = ratio == null ? DEFAULT_MAX_DELETED_ROWS_RATIO : Double.parseDouble(ratio.strip());
    } catch (NumberFormatException e) {
      maxDeletedRowsRatio = Double.NaN;
    }
    if (!(maxDeletedRowsRatio >= 0 && maxDeletedRowsRatio <= 1)) {
      throw badSetting(MAX_DELETED_ROWS_RATIO, ratio, "a ratio from 0 to 1 such as 0.05");
    }
    return planCompaction(table, version, partitionColumns, request, maxFileSize, minFileSize, maxDeletedRowsRatio,
        files);
  }

  /** A size setting in bytes, as Delta reads it (a whole number), at least {@code min}. */
  private static long bytes(java.util.function.Function<String, String> setting, String key, long dflt, long min) {
    String v = setting.apply(key);
    long n;
    try {
      n = v == null ? dflt : Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      n = min - 1;
    }
    if (n < min) {
      throw badSetting(key, v, "a whole number of bytes, " + min + " or more, such as 134217728");
    }
    return n;
  }

  private static dev.deltactl.core.error.DeltactlException badSetting(String key, String value, String expected) {
    return dev.deltactl.core.error.DeltactlException.invalid("the setting " + key + " is '" + value + "': expected "
        + expected);
  }

  /**
   * The plan of compaction or Z-ordering with the sizes decided: files under {@code minFileSize} or with too many
   * deleted rows (every matching file for Z-order) packed per partition into bins of {@code maxFileSize}.
   */
  static OptimizePlan planCompaction(
      String table, long version, List<String> partitionColumns, OptimizeRequest request,
      long maxFileSize, long minFileSize, double maxDeletedRowsRatio, List<FileEntry> files) {
    boolean zOrder = request.zOrder();
    long totalBytes = files.stream().mapToLong(FileEntry::size).sum();
    Map<List<String>, List<FileEntry>> byPartition = new LinkedHashMap<>();
    long considered = 0;
    for (FileEntry f : files) {
      if (!f.matches()) {
        continue;
      }
      considered++;
      if (zOrder || f.size() < minFileSize || tooManyDeletedRows(f, maxDeletedRowsRatio)) {
        byPartition.computeIfAbsent(f.partition(), k -> new ArrayList<>()).add(f);
      }
    }
    long maxBinSize = zOrder ? Long.MAX_VALUE : maxFileSize;
    int bins = 0;
    int partitions = 0;
    long candidateFiles = 0;
    long candidateBytes = 0;
    long filesWritten = 0;
    for (List<FileEntry> group : byPartition.values()) {
      List<List<FileEntry>> packed = pack(group, maxBinSize);
      boolean work = false;
      for (List<FileEntry> bin : packed) {
        if (bin.size() > 1 || zOrder) {
          long binBytes = bin.stream().mapToLong(FileEntry::size).sum();
          bins++;
          candidateFiles += bin.size();
          candidateBytes += binBytes;
          filesWritten += zOrder ? Math.max(1, (binBytes + maxFileSize - 1) / maxFileSize) : 1;
          work = true;
        }
      }
      if (work) {
        partitions++;
      }
    }
    return new OptimizePlan(table, version, partitionColumns, request.where(), request.zOrderBy(), maxFileSize,
        minFileSize, files.size(), totalBytes, considered, candidateFiles, candidateBytes, partitions, bins,
        files.size() - candidateFiles + filesWritten);
  }

  /**
   * The plan of {@code OPTIMIZE} on a table clustered by {@code clusteringColumns}, by Delta's clustering strategy:
   * files not yet clustered first, then the clusters in order of their ids; files of a cluster written for
   * other columns are left to a full run; clusters at or above {@code minCubeSize} are left alone; a run does
   * nothing when every file is in one cluster (a full run too, unless files of other columns are left: then it
   * rewrites those and every small cluster); the rest is packed, in that order, into bins of at most
   * {@code max(targetCubeSize, minCubeSize)} bytes, each clustered into about {@code bytes / maxFileSize} files.
   */
  static OptimizePlan planClustering(
      String table, long version, List<String> clusteringColumns, OptimizeRequest request, long maxFileSize,
      long minCubeSize, long targetCubeSize, List<FileEntry> files) {
    long totalBytes = files.stream().mapToLong(FileEntry::size).sum();
    List<FileEntry> sorted = new ArrayList<>(files);
    sorted.sort(Comparator.comparing(FileEntry::zCubeId, Comparator.nullsFirst(Comparator.naturalOrder())));
    List<FileEntry> candidates = new ArrayList<>();
    List<FileEntry> otherColumns = new ArrayList<>();
    for (FileEntry f : sorted) {
      (f.zCubeId() == null || clusteringColumns.equals(f.zCubeColumns()) ? candidates : otherColumns).add(f);
    }
    List<FileEntry> small = new ArrayList<>();
    for (List<FileEntry> cube : cubes(candidates)) {
      boolean clustered = cube.get(0).zCubeId() != null;
      if (!clustered || cube.stream().mapToLong(FileEntry::logicalSize).sum() < minCubeSize) {
        small.addAll(cube);
      }
    }
    boolean anyUnclustered = small.stream().anyMatch(f -> f.zCubeId() == null);
    long cubeCount = small.stream().map(FileEntry::zCubeId).filter(java.util.Objects::nonNull).distinct().count();
    List<FileEntry> incremental = anyUnclustered || cubeCount > 1 ? small : List.of();
    List<FileEntry> full = incremental;
    if (!otherColumns.isEmpty()) {
      // Delta's FULL: with files clustered for other columns, those and every small cluster, even a single one
      full = new ArrayList<>(small);
      full.addAll(otherColumns);
    }
    List<FileEntry> chosen = request.full() ? full : incremental;
    long maxBinSize = Math.max(targetCubeSize, minCubeSize);
    int bins = 0;
    long binBytes = 0;
    long candidateBytes = 0;
    long filesWritten = 0;
    boolean open = false;
    for (FileEntry f : chosen) {
      if (open && f.size() + binBytes > maxBinSize) {
        filesWritten += Math.max(1, (binBytes + maxFileSize - 1) / maxFileSize);
        binBytes = 0;
        open = false;
      }
      if (!open) {
        bins++;
        open = true;
      }
      binBytes += f.size();
      candidateBytes += f.size();
    }
    if (open) {
      filesWritten += Math.max(1, (binBytes + maxFileSize - 1) / maxFileSize);
    }
    return new OptimizePlan(table, version, List.of(), null, List.of(), maxFileSize, 0, files.size(), totalBytes,
        files.size(), chosen.size(), candidateBytes, bins == 0 ? 0 : 1, bins,
        files.size() - chosen.size() + filesWritten, clusteringColumns, request.full(), full.size(),
        full.stream().mapToLong(FileEntry::size).sum());
  }

  /** Consecutive files of one cluster together; each file not yet clustered alone. */
  private static List<List<FileEntry>> cubes(List<FileEntry> sorted) {
    List<List<FileEntry>> out = new ArrayList<>();
    List<FileEntry> current = null;
    for (FileEntry f : sorted) {
      if (f.zCubeId() == null || current == null || !f.zCubeId().equals(current.get(0).zCubeId())) {
        current = new ArrayList<>();
        out.add(current);
      }
      current.add(f);
    }
    return out;
  }

  private static boolean tooManyDeletedRows(FileEntry f, double maxRatio) {
    if (!f.hasDeletionVector()) {
      return false;
    }
    if (f.numRecords() == null || f.numRecords() == 0) {
      return true;
    }
    return (double) f.deletedRows() / f.numRecords() > maxRatio;
  }

  /** Smallest first, a new bin whenever the next file would overflow the current one. */
  private static List<List<FileEntry>> pack(List<FileEntry> files, long maxBinSize) {
    List<FileEntry> sorted = new ArrayList<>(files);
    sorted.sort(Comparator.comparingLong(FileEntry::size));
    List<List<FileEntry>> bins = new ArrayList<>();
    List<FileEntry> current = new ArrayList<>();
    long currentSize = 0;
    for (FileEntry f : sorted) {
      if (f.size() + currentSize > maxBinSize && !current.isEmpty()) {
        bins.add(current);
        current = new ArrayList<>();
        currentSize = 0;
      }
      current.add(f);
      currentSize += f.size();
    }
    if (!current.isEmpty()) {
      bins.add(current);
    }
    return bins;
  }
}
