package dev.deltactl.core.api;

import java.util.List;

/**
 * What an optimize would do to the current snapshot, computed the way Delta selects and bins files: files
 * matching {@code where} are considered; for compaction those smaller than {@code minFileSize} (or with
 * many deleted rows) are candidates, packed per partition, smallest first, into bins of at most
 * {@code targetFileSize}, and bins of a single file are left alone; Z-ordering rewrites every considered
 * file, one bin per partition.
 *
 * @param version the table version the plan was made from
 * @param totalFiles files in the table
 * @param consideredFiles files matching {@code where}
 * @param candidateFiles files that would be rewritten
 * @param candidateBytes their total size
 * @param partitions partitions with work to do
 * @param bins groups of files each rewritten together
 * @param expectedFilesAfter files in the table afterwards (an estimate for Z-ordering and clustering)
 * @param clusteringColumns the table's liquid clustering columns; empty when it is not clustered (then the
 *     plan is compaction or Z-ordering)
 * @param full whether this plan is of a full reclustering ({@code --full}); an incremental one otherwise
 * @param fullRewriteFiles on a clustered table, the files a full reclustering ({@code OPTIMIZE ... FULL}) would
 *     rewrite: what an incremental run rewrites, and when some files were clustered for other columns, those and
 *     every cluster under Delta's minimum cube size; 0 when not clustered
 * @param fullRewriteBytes their total size
 */
public record OptimizePlan(
    String table,
    long version,
    List<String> partitionColumns,
    String where,
    List<String> zOrderBy,
    long targetFileSize,
    long minFileSize,
    long totalFiles,
    long totalBytes,
    long consideredFiles,
    long candidateFiles,
    long candidateBytes,
    int partitions,
    int bins,
    long expectedFilesAfter,
    List<String> clusteringColumns,
    boolean full,
    long fullRewriteFiles,
    long fullRewriteBytes) {

  public OptimizePlan {
    clusteringColumns = List.copyOf(clusteringColumns == null ? List.of() : clusteringColumns);
  }

  /** A plan of compaction or Z-ordering (a table that is not clustered). */
  public OptimizePlan(String table, long version, List<String> partitionColumns, String where, List<String> zOrderBy,
      long targetFileSize, long minFileSize, long totalFiles, long totalBytes, long consideredFiles,
      long candidateFiles, long candidateBytes, int partitions, int bins, long expectedFilesAfter) {
    this(table, version, partitionColumns, where, zOrderBy, targetFileSize, minFileSize, totalFiles, totalBytes,
        consideredFiles, candidateFiles, candidateBytes, partitions, bins, expectedFilesAfter, List.of(), false, 0, 0);
  }

  public boolean clustered() {
    return !clusteringColumns.isEmpty();
  }

  public boolean nothingToDo() {
    return bins == 0;
  }
}
