package dev.deltactl.bench;

import java.util.Map;
import org.apache.spark.network.util.JavaUtils;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The figures of {@code deltactl health} that Delta's own API gives in a Spark session: the snapshot's files
 * ({@code DeltaLog.update().allFiles}) aggregated in one query, and the snapshot's checkpoint. Printed as
 * {@code name value} lines under the names of {@code health -o json}, for the benchmark to compare.
 * Percentiles are {@code percentile_disc} (the smallest size with at least p of the files at or under it:
 * nearest rank, as health computes them); a file is small under half the table's delta.targetFileSize
 * (128 MiB when not set), health's default threshold.
 */
final class SparkHealth {
  private SparkHealth() {}

  static void print(SparkSession spark, String path) {
    Snapshot snapshot = DeltaLog.forTable(spark, path).update(false, Option.empty(), Option.empty());
    Map<String, String> conf = CollectionConverters.asJava(snapshot.metadata().configuration());
    String target = conf.get("delta.targetFileSize");
    long small = (target == null ? 128L << 20
        : target.chars().allMatch(Character::isDigit) ? Long.parseLong(target) : JavaUtils.byteStringAsBytes(target))
        / 2;
    snapshot.allFiles().toDF().createOrReplaceTempView("health_files");
    String records = "CAST(get_json_object(stats, '$.numRecords') AS BIGINT)";
    Row r = spark.sql("SELECT count(*), coalesce(sum(size), 0), coalesce(min(size), 0),"
        + " CAST(percentile_disc(0.10) WITHIN GROUP (ORDER BY size) AS BIGINT), CAST(percentile_disc(0.50) WITHIN GROUP (ORDER BY size) AS BIGINT),"
        + " CAST(percentile_disc(0.95) WITHIN GROUP (ORDER BY size) AS BIGINT), coalesce(max(size), 0),"
        + " count_if(size < " + small + "), coalesce(sum(size) FILTER (WHERE size < " + small + "), 0),"
        + " coalesce(sum(" + records + "), 0), coalesce(sum(deletionVector.cardinality), 0),"
        + " count_if(deletionVector IS NOT NULL), count_if(" + records + " IS NULL)"
        + " FROM health_files").head();
    long numFiles = r.getLong(0);
    long bytes = r.getLong(1);
    long version = snapshot.version();
    long checkpoint = snapshot.checkpointProvider().version(); // -1 without a checkpoint
    StringBuilder out = new StringBuilder();
    line(out, "version", version);
    line(out, "numFiles", numFiles);
    line(out, "sizeInBytes", bytes);
    line(out, "minFileSize", r.getLong(2));
    line(out, "p10FileSize", r.isNullAt(3) ? 0 : r.getLong(3));
    line(out, "medianFileSize", r.isNullAt(4) ? 0 : r.getLong(4));
    line(out, "meanFileSize", numFiles == 0 ? 0 : bytes / numFiles);
    line(out, "p95FileSize", r.isNullAt(5) ? 0 : r.getLong(5));
    line(out, "maxFileSize", r.getLong(6));
    line(out, "smallFileThreshold", small);
    line(out, "numSmallFiles", r.getLong(7));
    line(out, "smallFilesBytes", r.getLong(8));
    line(out, "numRecords", r.getLong(9));
    line(out, "numDeletedRows", r.getLong(10));
    line(out, "filesWithDeletionVectors", r.getLong(11));
    line(out, "filesWithoutStats", r.getLong(12));
    line(out, "commitsSinceCheckpoint", checkpoint < 0 ? version + 1 : version - checkpoint);
    System.out.print(out);
  }

  private static void line(StringBuilder out, String name, long value) {
    out.append(name).append(' ').append(value).append('\n');
  }
}
