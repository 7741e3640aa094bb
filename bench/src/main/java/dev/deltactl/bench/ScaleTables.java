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
 * record-table PATH SOURCE LOADED COMMITS [EXPIRED]   a table (id, s) that copy-into has loaded LOADED files into: SOURCE
 *     holds LOADED CSV files, and COMMITS commits each add one data file and record a share of them, as
 *     copy-into records them (a txn action per file: its id, its modification time, when); the last two are
 *     Delta's own transactions, after which Delta writes their checksums (the last one's from the one before,
 *     with the records when there are at most 10,000, as deltactl's sessions ask) and, COMMITS being a multiple
 *     of 10, its checkpoint. LOADED 0 is the same table without a record. EXPIRED (default 0): the table keeps
 *     its record 30 days ({@code delta.setTransactionRetentionDuration}), and the first EXPIRED files were
 *     loaded 60 days ago (their records expired; the files modified the day before).
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

  static void recordTable(SparkSession spark, String path, String source, int loaded, int commits, int expired) {
    String retention = "spark.databricks.delta.properties.defaults.setTransactionRetentionDuration";
    if (expired > 0) {
      spark.conf().set(retention, "interval 30 days");
    }
    spark.range(0, 1000, 1, 2).selectExpr("id", "CAST(id AS STRING) AS s").write().format("delta").save(path);
    spark.conf().unset(retention);
    long day = 86_400_000L;
    long old = System.currentTimeMillis() - 60 * day;
    spark.conf().set("spark.databricks.delta.setTransactionsInCrc.maxAllowed", "10000");
    Path table = Path.of(path);
    Path log = table.resolve("_delta_log");
    try {
      Path src = Files.createDirectories(Path.of(source)).toRealPath();
      List<Path> files = new ArrayList<>(loaded);
      for (int i = 0; i < loaded; i++) {
        files.add(Files.writeString(src.resolve(String.format("f%06d.csv", i)), "id,s\n" + i + ",x\n"));
        if (i < expired) {
          Files.setLastModifiedTime(files.get(i), FileTime.fromMillis(old - day));
        }
      }
      ObjectNode template = null;
      for (String line : Files.readAllLines(log.resolve(String.format("%020d.json", 0)))) {
        ObjectNode action = (ObjectNode) JSON.readTree(line);
        if (action.has("add")) {
          template = (ObjectNode) action.get("add");
        }
      }
      ObjectNode info = null;
      for (String line : Files.readAllLines(log.resolve(String.format("%020d.json", 0)))) {
        ObjectNode action = (ObjectNode) JSON.readTree(line);
        if (action.has("commitInfo")) {
          info = (ObjectNode) action.get("commitInfo");
        }
      }
      int k = 0;
      for (int c = 1; c <= commits; c++) {
        List<String> lines = new ArrayList<>();
        boolean direct = c < commits - 1;
        if (direct) {
          lines.add(commitInfo(info, c, "WRITE"));
        }
        ObjectNode add = template.deepCopy();
        String name = String.format("part-%06d-%s.snappy.parquet", c, UUID.randomUUID());
        link(table.resolve(template.get("path").asText()), table.resolve(name));
        add.put("path", name);
        lines.add(JSON.writeValueAsString(JSON.createObjectNode().set("add", add)));
        long now = System.currentTimeMillis();
        for (int end = (int) ((long) loaded * c / commits); k < end; k++) {
          Path f = files.get(k);
          ObjectNode txn = JSON.createObjectNode();
          txn.putObject("txn").put("appId", copyIntoId(f)).put("version", Files.getLastModifiedTime(f).toMillis())
              .put("lastUpdated", k < expired ? old : now);
          lines.add(JSON.writeValueAsString(txn));
        }
        if (direct) {
          Files.write(log.resolve(String.format("%020d.json", c)), lines, StandardCharsets.UTF_8);
          continue;
        }
        // the last two through Delta's own transactions: Delta computes the checksum of the first from the
        // table's state and the second's from the first's, as after every commit, and at a multiple of 10
        // writes its checkpoint
        List<org.apache.spark.sql.delta.actions.Action> actions = new ArrayList<>();
        for (String line : lines) {
          actions.add(org.apache.spark.sql.delta.actions.Action$.MODULE$.fromJson(line));
        }
        org.apache.spark.sql.delta.DeltaLog.forTable(spark, path).startTransaction().commit(
            scala.jdk.javaapi.CollectionConverters.asScala(actions).toSeq(),
            org.apache.spark.sql.delta.DeltaOperations.ManualUpdate$.MODULE$);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      spark.conf().unset("spark.databricks.delta.setTransactionsInCrc.maxAllowed");
    }
  }

  /**
   * The id copy-into records a local file by (its location, links resolved, as {@code file://} URI); the
   * benchmark checks that copy-into finds every one of them recorded.
   */
  private static String copyIntoId(Path file) {
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256")
          .digest(("file://" + file.toRealPath()).getBytes(StandardCharsets.UTF_8));
      return "deltactl.copy-into.v2:" + java.util.HexFormat.of().formatHex(d, 0, 16);
    } catch (IOException | java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
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
