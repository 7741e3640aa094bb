package dev.deltactl.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Point lookups {@code key = v} on a table, half for keys present and half absent, each run with Parquet's
 * bloom filtering on and off in this one session, alternately (A B A B). Prints two lines,
 * {@code lookup on|off lookups median_ms rows_read files_read rows_returned}, the counts summed over the
 * lookups: rows read are the rows of the row groups the scan did not skip, files read the files it
 * opened (Spark's scan metrics {@code numOutputRows} and {@code numFiles}).
 */
final class Lookups {
  private Lookups() {}

  static void run(SparkSession spark, String table, int n) {
    long rows = spark.read().format("delta").load(table).count();
    Random random = new Random(7);
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long id = Math.floorMod(random.nextLong(), rows);
      keys.add(i % 2 == 0 ? spark.sql("SELECT key FROM delta.`" + table + "` WHERE id = " + id).head().getString(0)
          : "absent-" + Long.toHexString(random.nextLong()));
    }
    long[][] sums = new long[2][4]; // rows read, files read, unused, rows returned
    List<List<Double>> times = List.of(new ArrayList<>(), new ArrayList<>());
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < 2; k++) {
        int side = (i + k) % 2; // 0: filters on, 1: off
        spark.conf().set("parquet.filter.bloom.enabled", String.valueOf(side == 0));
        long t0 = System.nanoTime();
        Dataset<Row> df = spark.read().format("delta").load(table).where("key = '" + keys.get(i) + "'");
        long returned = df.collectAsList().size();
        times.get(side).add((System.nanoTime() - t0) / 1e6);
        SparkPlan plan = df.queryExecution().executedPlan();
        if (plan instanceof AdaptiveSparkPlanExec a) {
          plan = a.executedPlan();
        }
        for (SparkPlan leaf : CollectionConverters.asJava(plan.collectLeaves())) {
          if (leaf instanceof FileSourceScanExec scan) {
            sums[side][0] += scan.metrics().apply("numOutputRows").value();
            sums[side][1] += scan.metrics().apply("numFiles").value();
          }
        }
        sums[side][3] += returned;
      }
    }
    spark.conf().unset("parquet.filter.bloom.enabled");
    if (sums[0][3] != sums[1][3]) {
      throw new IllegalStateException("lookups returned " + sums[0][3] + " rows with filters, " + sums[1][3]
          + " without");
    }
    for (int side = 0; side < 2; side++) {
      List<Double> t = new ArrayList<>(times.get(side));
      t.sort(null);
      System.out.printf(java.util.Locale.ROOT, "lookup %s %d %.0f %d %d %d%n", side == 0 ? "on" : "off", n,
          t.get(t.size() / 2), sums[side][0], sums[side][1], sums[side][3]);
    }
  }
}
