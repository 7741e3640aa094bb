package dev.deltactl.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.delta.kernel.TableManager;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;

/**
 * The tables of the scale benchmark ({@code bench/scale.sh}), built in seconds rather than hours: Spark writes
 * version 0, the later commits are written directly as Delta writes them (real actions that Delta and Kernel
 * read), their data files are links to Spark's files, and checkpoints are Delta Kernel's.
 *
 * <pre>
 * scale-table PATH FILES COMMITS PAST   FILES files (id, a, payload; statistics in every add) added over COMMITS
 *     versions with a checkpoint every 10 versions, as Delta writes them by default; then PAST more commits of
 *     one file each after the last checkpoint (none written for them)
 * long-log PATH COMMITS                 one data file, then COMMITS - 1 commits without data changes (the VACUUM
 *     START and VACUUM END commits vacuum logs), a checkpoint every 10 versions, ten minutes between commits
 * </pre>
 */
final class ScaleTables {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ScaleTables() {}

  static void filesTable(SparkSession spark, String path, int files, int commits, int past) {
    spark.range(0, 2000, 1, 2)
        .selectExpr("id", "CAST(pmod(xxhash64(id, 1), 100000) AS INT) AS a", "sha2(CAST(id AS STRING), 256) AS payload")
        .write().format("delta").save(path);
    Path table = Path.of(path);
    Path log = table.resolve("_delta_log");
    try {
      ObjectNode info = null;
      List<ObjectNode> template = new ArrayList<>();
      for (String line : Files.readAllLines(log.resolve(String.format("%020d.json", 0)))) {
        ObjectNode action = (ObjectNode) JSON.readTree(line);
        if (action.has("commitInfo")) {
          info = (ObjectNode) action.get("commitInfo");
        } else if (action.has("add")) {
          template.add((ObjectNode) action.get("add"));
        }
      }
      if (commits < 2 || files < template.size() + commits - 1) {
        throw new IllegalArgumentException("need at least 2 commits and one more file per commit: got " + files
            + " files and " + commits + " commits");
      }
      Engine kernel = DefaultEngine.create(new org.apache.hadoop.conf.Configuration());
      long copies = files - template.size();
      long hand = commits - 1;
      long k = 0;
      long last = commits + past - 1;
      for (long v = 1; v <= last; v++) {
        long n = v < commits ? copies / hand + (v - 1 < copies % hand ? 1 : 0) : 1;
        List<String> lines = new ArrayList<>();
        lines.add(commitInfo(info, v, "WRITE"));
        for (long i = 0; i < n; i++, k++) {
          ObjectNode add = template.get((int) (k % template.size())).deepCopy();
          String name = String.format("part-%06d-%s.snappy.parquet", k, UUID.randomUUID());
          link(table.resolve(add.get("path").asText()), table.resolve(name));
          add.put("path", name);
          add.put("modificationTime", info.get("timestamp").asLong());
          lines.add(JSON.writeValueAsString(JSON.createObjectNode().set("add", add)));
        }
        Files.write(log.resolve(String.format("%020d.json", v)), lines, StandardCharsets.UTF_8);
        if (v < commits && v % 10 == 0) {
          TableManager.loadSnapshot(path).atVersion(v).build(kernel).writeCheckpoint(kernel);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void longLog(SparkSession spark, String path, int commits) {
    spark.range(0, 1000, 1, 1).selectExpr("id", "CAST(id AS STRING) AS s").write().format("delta").save(path);
    Path log = Path.of(path, "_delta_log");
    try {
      ObjectNode info = null;
      for (String line : Files.readAllLines(log.resolve(String.format("%020d.json", 0)))) {
        ObjectNode action = (ObjectNode) JSON.readTree(line);
        if (action.has("commitInfo")) {
          info = (ObjectNode) action.get("commitInfo");
        }
      }
      long start = System.currentTimeMillis() - (commits + 1L) * 600_000L;
      Engine kernel = DefaultEngine.create(new org.apache.hadoop.conf.Configuration());
      Path checkpoint = null;
      for (long v = 1; v < commits; v++) {
        info.put("timestamp", start + v * 600_000L);
        Path commit = log.resolve(String.format("%020d.json", v));
        Files.writeString(commit, commitInfo(info, v, v % 2 == 1 ? "VACUUM START" : "VACUUM END") + "\n",
            StandardCharsets.UTF_8);
        Files.setLastModifiedTime(commit, FileTime.fromMillis(start + v * 600_000L));
        if (v % 10 == 0) {
          // no commit after version 0 changes the table's state: every checkpoint holds the same actions
          Path target = log.resolve(String.format("%020d.checkpoint.parquet", v));
          if (checkpoint == null) {
            TableManager.loadSnapshot(path).atVersion(v).build(kernel).writeCheckpoint(kernel);
            checkpoint = target;
          } else {
            link(checkpoint, target);
          }
        }
      }
      long lastCheckpoint = (commits - 1) / 10 * 10;
      if (lastCheckpoint >= 10) {
        // _last_checkpoint names the newest, as Delta leaves it
        Files.delete(log.resolve(String.format("%020d.checkpoint.parquet", lastCheckpoint)));
        TableManager.loadSnapshot(path).atVersion(lastCheckpoint).build(kernel).writeCheckpoint(kernel);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A commitInfo line of the given operation, shaped like the one Spark wrote for version 0. */
  private static String commitInfo(ObjectNode template, long version, String operation) throws IOException {
    ObjectNode info = template.deepCopy();
    if (operation.equals("WRITE")) {
      info.put("timestamp", System.currentTimeMillis());
      template.put("timestamp", info.get("timestamp").asLong());
      info.putObject("operationParameters").put("mode", "Append").put("partitionBy", "[]");
      info.put("isBlindAppend", true);
    } else {
      info.put("operation", operation);
      ObjectNode p = info.putObject("operationParameters");
      if (operation.equals("VACUUM START")) {
        p.put("retentionCheckEnabled", true).put("defaultRetentionMillis", 604800000L);
        info.putObject("operationMetrics").put("numFilesToDelete", "0").put("sizeOfDataToDelete", "0");
      } else {
        p.put("status", "COMPLETED");
        info.putObject("operationMetrics").put("numDeletedFiles", "0").put("numVacuumedDirectories", "1");
      }
      info.put("isBlindAppend", false);
    }
    info.put("readVersion", version - 1);
    info.put("txnId", UUID.randomUUID().toString());
    return JSON.writeValueAsString(JSON.createObjectNode().set("commitInfo", info));
  }

  /** A hard link to a data file (a copy where links cannot be made): a real file of its own name. */
  private static void link(Path existing, Path link) throws IOException {
    try {
      Files.createLink(link, existing);
    } catch (FileAlreadyExistsException e) {
      throw e;
    } catch (IOException | UnsupportedOperationException e) {
      Files.copy(existing, link, StandardCopyOption.COPY_ATTRIBUTES);
    }
  }
}
