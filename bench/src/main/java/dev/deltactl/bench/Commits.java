package dev.deltactl.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import scala.Option;

/**
 * A table with a long history, fast: Spark appending one row a thousand times takes about a second per
 * commit here, so version 0 is written by Delta, the next commits repeat its append (a copy of its data
 * file and a commit file of the same shape: commitInfo with Spark's WRITE parameters and metrics, then the
 * add action), and Delta writes a checkpoint every 10 versions, as its default interval would.
 */
final class Commits {
  private Commits() {}

  static void make(SparkSession spark, String path, int commits) {
    // building the table is not measured: small state reconstructions for the checkpoints
    spark.conf().set("spark.databricks.delta.snapshotPartitions", "2");
    spark.conf().set("spark.sql.shuffle.partitions", "2");
    spark.range(1).selectExpr("id", "CAST(id AS STRING) AS s").write().format("delta").save(path);
    ObjectMapper json = new ObjectMapper();
    Path table = Path.of(path);
    Path log = table.resolve("_delta_log");
    try {
      ObjectNode info = null;
      ObjectNode add = null;
      for (String line : Files.readAllLines(log.resolve(String.format("%020d.json", 0)))) {
        ObjectNode action = (ObjectNode) json.readTree(line);
        if (action.has("commitInfo")) {
          info = (ObjectNode) action.get("commitInfo");
        } else if (action.has("add")) {
          add = (ObjectNode) action.get("add");
        }
      }
      Path data = table.resolve(add.get("path").asText());
      DeltaLog deltaLog = DeltaLog.forTable(spark, path);
      for (int v = 1; v < commits; v++) {
        String name = String.format("part-%05d-bench.snappy.parquet", v);
        Files.copy(data, table.resolve(name));
        long now = System.currentTimeMillis();
        info.put("timestamp", now);
        info.put("readVersion", v - 1);
        info.put("isBlindAppend", true);
        info.putObject("operationParameters").put("mode", "Append").put("partitionBy", "[]");
        info.put("txnId", java.util.UUID.randomUUID().toString());
        add.put("path", name);
        add.put("modificationTime", now);
        List<String> lines = List.of(
            json.writeValueAsString(json.createObjectNode().set("commitInfo", info)),
            json.writeValueAsString(json.createObjectNode().set("add", add)));
        Files.write(log.resolve(String.format("%020d.json", v)), lines, StandardCharsets.UTF_8);
        if (v % 10 == 0) {
          deltaLog.checkpoint(deltaLog.getSnapshotAt(v, Option.empty(), Option.empty(), false), Option.empty());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
