package dev.deltactl.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import io.delta.kernel.TableManager;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/**
 * Tables of many small files and many commits, fast: Spark writes the first versions (the files' contents,
 * deletion vectors), then each later commit adds copies of the current files under new names with a commit
 * file of the same shape as Spark's append (commitInfo, then the add actions, deletion vectors and statistics
 * included). Spark appending 20 files a thousand times would take most of an hour here.
 *
 * <pre>
 * health-table PATH FILES COMMITS ROWS   ROWS rows (id, a, payload) in 20 files of growing sizes with deletion
 *     vectors enabled, then a DELETE of some rows of 5 of them (deletion vectors), then commits up to COMMITS
 *     versions adding copies up to FILES files, every 100th copy without statistics; a checkpoint (Delta
 *     Kernel's) at 70% of the versions, none after it
 * maintain-table PATH FILES COMMITS      3 files of 1,000 rows, then commits up to COMMITS versions adding copies
 *     up to FILES files; no checkpoint
 * </pre>
 */
final class ManyFiles {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int HEALTH_BASE_FILES = 20;

  private ManyFiles() {}

  static void healthTable(SparkSession spark, String path, int files, int commits, long rows) {
    spark.conf().set("spark.databricks.delta.properties.defaults.enableDeletionVectors", "true");
    try {
      // partition i of 20 keeps (i+1)/20 of its rows: 20 files of growing sizes
      spark.range(0, rows, 1, HEALTH_BASE_FILES).where("pmod(id, 20) <= spark_partition_id()")
          .selectExpr("id", "CAST(pmod(xxhash64(id, 1), 100000) AS INT) AS a",
              "sha2(CAST(id AS STRING), 256) AS payload")
          .write().format("delta").save(path);
    } finally {
      spark.conf().unset("spark.databricks.delta.properties.defaults.enableDeletionVectors");
    }
    // the first quarter of the ids lies in the first 5 files
    spark.sql("DELETE FROM delta.`" + path + "` WHERE id % 7 = 0 AND id < " + rows / 4).collectAsList();
    extend(path, files, commits, 100, commits * 7 / 10);
  }

  static void maintainTable(SparkSession spark, String path, int files, int commits) {
    spark.range(0, 3000, 1, 3)
        .selectExpr("id", "CAST(pmod(xxhash64(id, 1), 100000) AS INT) AS a", "sha2(CAST(id AS STRING), 256) AS payload")
        .write().format("delta").save(path);
    extend(path, files, commits, 0, -1);
  }

  /**
   * Adds commits after the table's last one (which Spark wrote, no checkpoint yet) up to {@code commits}
   * versions, each adding copies of the current files, so that the last version has {@code files} files.
   *
   * @param noStatsEvery every n-th copy has no statistics (0: all have them)
   * @param checkpointAt the version Kernel writes a checkpoint of (-1: none)
   */
  private static void extend(String path, int files, int commits, int noStatsEvery, long checkpointAt) {
    Path table = Path.of(path);
    Path log = table.resolve("_delta_log");
    try {
      Map<String, ObjectNode> live = new TreeMap<>();
      ObjectNode info = null;
      long last = -1;
      while (Files.exists(log.resolve(String.format("%020d.json", last + 1)))) {
        last++;
        // a commit's removes before its adds: a deletion vector's commit removes and adds the same path
        List<ObjectNode> adds = new ArrayList<>();
        for (String line : Files.readAllLines(log.resolve(String.format("%020d.json", last)))) {
          JsonNode action = JSON.readTree(line);
          if (action.has("add")) {
            adds.add((ObjectNode) action.get("add"));
          } else if (action.has("remove")) {
            live.remove(action.get("remove").get("path").asText());
          } else if (action.has("commitInfo") && last == 0) {
            info = (ObjectNode) action.get("commitInfo");
          }
        }
        adds.forEach(a -> live.put(a.get("path").asText(), a));
      }
      List<ObjectNode> template = new ArrayList<>(live.values());
      long hand = commits - 1 - last;
      long copies = files - template.size();
      if (hand < 1 || copies < 0) {
        throw new IllegalArgumentException("need more than " + (last + 1) + " commits and at least "
            + template.size() + " files, got " + commits + " and " + files);
      }
      Engine kernel = DefaultEngine.create(new Configuration());
      long k = 0;
      for (long v = last + 1; v < commits; v++) {
        long c = v - last - 1;
        long n = copies / hand + (c < copies % hand ? 1 : 0);
        long now = System.currentTimeMillis();
        info.put("timestamp", now);
        info.put("readVersion", v - 1);
        info.put("isBlindAppend", true);
        info.putObject("operationParameters").put("mode", "Append").put("partitionBy", "[]");
        info.put("txnId", UUID.randomUUID().toString());
        List<String> lines = new ArrayList<>();
        lines.add(JSON.writeValueAsString(JSON.createObjectNode().set("commitInfo", info)));
        for (long i = 0; i < n; i++, k++) {
          ObjectNode add = template.get((int) (k % template.size())).deepCopy();
          String name = String.format("part-%05d-%s.snappy.parquet", k, UUID.randomUUID());
          Files.copy(table.resolve(add.get("path").asText()), table.resolve(name));
          add.put("path", name);
          add.put("modificationTime", now);
          add.put("dataChange", true);
          if (noStatsEvery > 0 && k % noStatsEvery == noStatsEvery - 1) {
            add.remove("stats");
          }
          lines.add(JSON.writeValueAsString(JSON.createObjectNode().set("add", add)));
        }
        Files.write(log.resolve(String.format("%020d.json", v)), lines, StandardCharsets.UTF_8);
        if (v == checkpointAt) {
          TableManager.loadSnapshot(path).atVersion(v).build(kernel).writeCheckpoint(kernel);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
