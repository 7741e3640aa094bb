package dev.deltactl.core.engine;

import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/** Footers of data files, one read per file, a few files at a time: which columns carry Parquet bloom filters. */
public final class ParquetFooters {
  private ParquetFooters() {}

  /**
   * For each file, the columns (dotted physical paths) whose every row group carries a bloom filter, in the order
   * of {@code files}. (Parquet writes no filter for a chunk whose pages are all dictionary encoded: such a column
   * is not listed.)
   */
  public static List<Set<String>> bloomFilteredColumns(Configuration conf, List<URI> files) {
    return each(files, f -> bloomFilteredColumns(conf, f));
  }

  /** What reads a file's footer. */
  public interface FooterRead<T, R> {
    R read(T file) throws IOException;
  }

  /** {@code read} of each file, up to eight at a time, in the order of {@code files}. */
  public static <T, R> List<R> each(List<T> files, FooterRead<T, R> read) {
    if (files.isEmpty()) {
      return List.of();
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(8, files.size()), r -> {
      Thread t = new Thread(r, "deltactl-footers");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<R>> futures = new ArrayList<>(files.size());
      for (T f : files) {
        futures.add(pool.submit(() -> read.read(f)));
      }
      List<R> out = new ArrayList<>(files.size());
      for (Future<R> f : futures) {
        out.add(f.get());
      }
      return out;
    } catch (ExecutionException e) {
      throw new DeltactlException(ErrorCode.OPERATION_FAILED, "cannot read a data file's footer: "
          + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeltactlException(ErrorCode.OPERATION_FAILED, "interrupted", e);
    } finally {
      pool.shutdownNow();
    }
  }

  private static Set<String> bloomFilteredColumns(Configuration conf, URI file) throws IOException {
    try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(new Path(file), conf))) {
      List<BlockMetaData> blocks = reader.getFooter().getBlocks();
      Set<String> out = null;
      for (BlockMetaData b : blocks) {
        Set<String> here = new TreeSet<>();
        for (ColumnChunkMetaData c : b.getColumns()) {
          if (c.getBloomFilterOffset() >= 0) {
            here.add(c.getPath().toDotString());
          }
        }
        if (out == null) {
          out = here;
        } else {
          out.retainAll(here);
        }
      }
      return out == null ? Set.of() : out;
    }
  }
}
