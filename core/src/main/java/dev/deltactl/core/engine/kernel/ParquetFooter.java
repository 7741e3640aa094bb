package dev.deltactl.core.engine.kernel;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/** Whether a file reads as Parquet: its magic bytes and its footer, parsed (the data pages are not read). */
final class ParquetFooter {
  private ParquetFooter() {}

  /** Why the file does not read as Parquet, in one line; null when its footer reads. */
  static String problem(Path file, long size, Configuration conf) {
    if (size < 12) {
      return "too short to be a Parquet file (" + size + " bytes)";
    }
    try (org.apache.parquet.hadoop.ParquetFileReader reader = org.apache.parquet.hadoop.ParquetFileReader.open(
        org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(file, conf))) {
      reader.getFooter();
      return null;
    } catch (IOException | RuntimeException e) {
      for (Throwable c = e; c != null; c = c.getCause()) {
        if (c instanceof org.apache.hadoop.fs.ChecksumException) {
          return "does not match its .crc checksum file";
        }
      }
      String m = KernelFsck.firstLine(e.getMessage());
      String where = file.toString();
      m = m.replace(where, file.getName()).replace(file.toUri().getPath(), file.getName());
      return "not a Parquet file: " + m;
    }
  }
}
