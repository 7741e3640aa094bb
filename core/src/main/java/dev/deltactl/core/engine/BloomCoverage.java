package dev.deltactl.core.engine;

import dev.deltactl.core.api.BloomIndexRequest.BloomColumn;
import dev.deltactl.core.api.BloomIndexResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * What every engine knows of bloom-filter indexes without Spark: the definitions (table properties
 * {@code deltactl.bloomFilter.<column>}) and what the footers of the data files say of them (read in this
 * process, with Hadoop and Parquet).
 */
public final class BloomCoverage {
  private BloomCoverage() {}

  /** The indexed columns of a table, in the order of its schema. */
  public static List<BloomColumn> definitions(Map<String, String> properties, String[] columnNames) {
    List<BloomColumn> out = new ArrayList<>();
    for (String name : columnNames) {
      String settings = properties.get(dev.deltactl.core.api.TableProperties.BLOOM_FILTER_PREFIX + name);
      if (settings != null) {
        out.add(BloomColumn.fromSettings(name, settings));
      }
    }
    return out;
  }

  /** The definitions with no coverage (what create and drop report). */
  public static List<BloomIndexResult.Coverage> definitionsOnly(List<BloomColumn> defined) {
    return defined.stream()
        .map(c -> BloomIndexResult.Coverage.of(c.name(), c.fpp(), c.numItems(), 0, 0, 0, 0, 0)).toList();
  }

  /**
   * What one data file's footer says: per indexed column, the row groups it covers and the bytes of their
   * filters. A row group is covered by a filter, or by a dictionary alone: Parquet writes no filter for a
   * column chunk whose data pages are all dictionary encoded (its dictionary page answers a lookup exactly,
   * and Spark's reader filters with it), so such a file never lacks its filter and is never rewritten for one.
   */
  public record FileFilters(String path, int rowGroups, Map<String, long[]> perColumn) {
    public boolean lacksAny() {
      return perColumn.values().stream().anyMatch(v -> v[0] < rowGroups);
    }
  }

  /**
   * Reads the footers of the files (absolute paths), a few at a time; {@code physical} maps each indexed
   * column to its name in the files.
   */
  public static List<FileFilters> footers(Configuration conf, List<String> paths, Map<String, String> physical) {
    return ParquetFooters.each(paths, p -> footer(conf, p, physical));
  }

  private static FileFilters footer(Configuration conf, String path, Map<String, String> physical)
      throws IOException {
    try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(new Path(path), conf))) {
      List<BlockMetaData> blocks = reader.getFooter().getBlocks();
      Map<String, long[]> per = new LinkedHashMap<>();
      physical.forEach((name, phys) -> per.put(name, new long[2]));
      for (BlockMetaData b : blocks) {
        for (ColumnChunkMetaData c : b.getColumns()) {
          String dotted = c.getPath().toDotString();
          physical.forEach((name, phys) -> {
            boolean filter = c.getBloomFilterOffset() >= 0;
            if (dotted.equals(phys) && (filter || dictionaryOnly(c))) {
              long[] v = per.get(name);
              v[0]++;
              v[1] += filter ? Math.max(0, c.getBloomFilterLength()) : 0;
            }
          });
        }
      }
      return new FileFilters(path, blocks.size(), per);
    }
  }

  /** Every data page of the chunk is dictionary encoded (false when the footer does not say). */
  private static boolean dictionaryOnly(ColumnChunkMetaData c) {
    org.apache.parquet.column.EncodingStats stats = c.getEncodingStats();
    return stats != null && stats.hasDictionaryPages() && !stats.hasNonDictionaryEncodedPages();
  }

  /** Per indexed column: files, row groups and bytes of filters over these footers. */
  public static List<BloomIndexResult.Coverage> coverage(List<BloomColumn> defined, List<FileFilters> footers) {
    List<BloomIndexResult.Coverage> out = new ArrayList<>();
    for (BloomColumn c : defined) {
      long filesWith = 0;
      long rowGroups = 0;
      long with = 0;
      long bytes = 0;
      for (FileFilters f : footers) {
        long[] v = f.perColumn().get(c.name());
        rowGroups += f.rowGroups();
        with += v[0];
        bytes += v[1];
        if (v[0] == f.rowGroups()) {
          filesWith++;
        }
      }
      out.add(BloomIndexResult.Coverage.of(c.name(), c.fpp(), c.numItems(), footers.size(), filesWith, rowGroups,
          with, bytes));
    }
    return out;
  }
}
