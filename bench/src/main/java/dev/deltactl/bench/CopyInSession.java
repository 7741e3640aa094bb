package dev.deltactl.bench;

import dev.deltactl.core.api.CopyIntoRequest;
import dev.deltactl.core.api.CopyIntoResult;
import dev.deltactl.core.api.SourceFormat;
import dev.deltactl.core.api.TableRef;
import dev.deltactl.core.engine.spark.SparkEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * copy-into next to a plain {@code read.csv(...).write.format("delta").mode("append")} of the same files,
 * in one Spark session (no process start-up on either side): A B A B, each run into a new empty table.
 * Prints one line: {@code copy-session MB append_s copy_s ratio rows}.
 */
final class CopyInSession {
  private CopyInSession() {}

  static void run(SparkSession spark, String source, String work, int runs) {
    String schema = "id BIGINT, a INT, b INT, payload STRING";
    SparkEngine engine = SparkEngine.attach(spark, message -> { });
    List<Double> append = new ArrayList<>();
    List<Double> copy = new ArrayList<>();
    long appendRows = -1;
    long copyRows = -1;
    for (int i = 0; i < runs; i++) {
      for (int side = 0; side < 2; side++) {
        boolean copyFirst = i % 2 == 1;
        boolean isCopy = (side == 0) == copyFirst;
        String table = work + "/" + (isCopy ? "copy-" : "append-") + i;
        spark.sql("CREATE TABLE delta.`" + table + "` (" + schema + ") USING delta");
        long t0 = System.nanoTime();
        if (isCopy) {
          CopyIntoResult r = engine.copyInto(CopyIntoRequest.into(TableRef.ofPath(table))
              .from(source, SourceFormat.CSV).formatOptions(Map.of("header", "true")).build());
          copy.add((System.nanoTime() - t0) / 1e9);
          copyRows = r.numRowsInserted();
        } else {
          spark.read().option("header", "true").schema(spark.read().format("delta").load(table).schema())
              .csv(source).write().format("delta").mode("append").save(table);
          append.add((System.nanoTime() - t0) / 1e9);
          appendRows = spark.read().format("delta").load(table).count();
        }
      }
    }
    if (appendRows != copyRows) {
      throw new IllegalStateException("append wrote " + appendRows + " rows, copy-into " + copyRows);
    }
    long bytes = 0;
    try {
      var path = new org.apache.hadoop.fs.Path(source);
      bytes = path.getFileSystem(spark.sessionState().newHadoopConf()).getContentSummary(path).getLength();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    double a = median(append);
    double c = median(copy);
    System.out.printf(java.util.Locale.ROOT, "copy-session %d %.2f %.2f %.2f %d%n", bytes / 1_000_000, a, c, a / c,
        copyRows);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
