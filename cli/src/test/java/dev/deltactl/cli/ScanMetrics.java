package dev.deltactl.cli;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import scala.jdk.javaapi.CollectionConverters;

/** A metric of the file scans of a query that ran, summed over its scans (numFiles, numOutputRows, ...). */
final class ScanMetrics {
  private ScanMetrics() {}

  static long sum(Dataset<Row> executed, String metric) {
    SparkPlan plan = executed.queryExecution().executedPlan();
    if (plan instanceof AdaptiveSparkPlanExec a) {
      plan = a.executedPlan();
    }
    long total = 0;
    for (SparkPlan leaf : CollectionConverters.asJava(plan.collectLeaves())) {
      if (leaf instanceof FileSourceScanExec scan) {
        total += scan.metrics().apply(metric).value();
      }
    }
    return total;
  }
}
