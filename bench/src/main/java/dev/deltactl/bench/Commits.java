package dev.deltactl.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/**
 * A table with a long history, fast: Spark appending one row a thousand times takes about a second per
 * commit here, so version 0 is written by Delta, the next commits repeat its append (a copy of its data
 * file and a commit file of the same shape: commitInfo with Spark's WRITE parameters and metrics, then the
 * add action), with a checksum file for every version and a checkpoint every 10 versions, as Delta
 * writes them, both written by Delta Kernel (Spark takes seconds for each checkpoint).
 */
final class Commits {
  private Commits() {}

  static void make(SparkSession spark, String path, int commits) {
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
      Engine kernel = DefaultEngine.create(new Configuration());
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
        Snapshot snapshot = TableManager.loadSnapshot(path).atVersion(v).build(kernel);
        Optional<Snapshot.ChecksumWriteMode> crc = snapshot.getStatistics().getChecksumWriteMode();
        if (crc.isPresent()) {
          snapshot.writeChecksum(kernel, crc.get());
        }
        if (v % 10 == 0) {
          snapshot.writeCheckpoint(kernel);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
