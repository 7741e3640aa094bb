package dev.deltactl.core.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Computes an {@link OptimizePlan} from a snapshot's files with Delta's selection and bin-packing rules. */
public final class OptimizePlanner {
  /** Delta's defaults: {@code optimize.maxFileSize}, {@code optimize.minFileSize}, {@code optimize.maxDeletedRowsRatio}. */
  public static final long DEFAULT_MAX_FILE_SIZE = 1024L * 1024 * 1024;
  public static final long DEFAULT_MIN_FILE_SIZE = 1024L * 1024 * 1024;
  public static final double DEFAULT_MAX_DELETED_ROWS_RATIO = 0.05;

  /**
   * One data file of the snapshot.
   *
   * @param partition its partition values, in partition column order
   * @param numRecords physical rows per its statistics; null when unknown
   * @param deletedRows rows marked deleted by its deletion vector; 0 without one
   * @param hasDeletionVector whether it has a deletion vector
   * @param matches whether it matches the {@code where} predicate
   */
  public record FileEntry(
      List<String> partition, long size, Long numRecords, long deletedRows, boolean hasDeletionVector,
      boolean matches) {}

  private OptimizePlanner() {}

  public static OptimizePlan plan(
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
