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
 * @param expectedFilesAfter files in the table afterwards (an estimate for Z-ordering)
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
    long expectedFilesAfter) {

  public boolean nothingToDo() {
    return bins == 0;
  }
}
