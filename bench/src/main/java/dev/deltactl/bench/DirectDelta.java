package dev.deltactl.bench;

import io.delta.tables.DeltaTable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import java.util.ArrayList;
import java.util.List;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The baseline: Delta's own calls in a plain Spark session, as a data engineer would write them, and the
 * measurements the benchmark needs.
 *
 * <pre>
 * generate PATH ROWS FILES   a table of ROWS rows (id, a, b, payload) in FILES files
 * generate-partitioned PATH ROWS FILES PARTS   the same spread over PARTS partitions
 * vacuum PATH HOURS          VACUUM ... RETAIN HOURS with Spark's default settings (retention check off)
 * optimize PATH              DeltaTable.optimize().executeCompaction()
 * zorder PATH COL,COL [MAX]  DeltaTable.optimize().executeZOrderBy(...), files of at most MAX bytes
 * files-read PATH PREDICATE  how many files a filtered scan reads (data skipping)
 * count-version PATH V       SELECT count(*) ... VERSION AS OF V
 * commits PATH N             a table of N one-row appends with a checkpoint every 10 commits (see Commits)
 * overwrite PATH             INSERT OVERWRITE the table with its own rows (all its files become unreferenced)
 * history PATH               DESCRIBE HISTORY, collected
 * describe PATH              DESCRIBE DETAIL and the schema, collected
 * restore PATH V             DeltaTable.restoreToVersion(V)
 * csv SOURCE ROWS FILES      ROWS rows (id, a, b, payload) as FILES CSV files with a header line
 * append-csv PATH SOURCE     read.csv(SOURCE) with the table's schema, appended with write.format("delta")
 * keys PATH ROWS FILES       ROWS rows (id, key: 32 random-looking hex characters, a, b) in FILES files
 * lookups PATH N             N point lookups on key with and without bloom filtering (see Lookups)
 * copy-session SOURCE WORK RUNS   copy-into and append-csv of SOURCE in this one session (see CopyInSession)
 * health PATH                the figures of deltactl health that Delta's API gives (see SparkHealth)
 * health-table PATH FILES COMMITS ROWS   FILES small files over COMMITS versions (see ManyFiles)
 * maintain-table PATH FILES COMMITS      a table due for optimize and checkpoint (see ManyFiles)
 * input-files PATH           how many files spark.read.format("delta").load(PATH).inputFiles() lists
 * scale-table PATH FILES COMMITS PAST, long-log PATH COMMITS, record-table PATH SOURCE LOADED COMMITS [EXPIRED]
 *                            the scale benchmark's tables (see ScaleTables)
 * history-n PATH N           DeltaTable.history(N), collected
 * count PATH                 SELECT count(*) of the current version
 * snapshot-files PATH        DeltaLog.update().allFiles, collected (the file list a plan of optimize needs)
 * vacuum-dry PATH [lite]     VACUUM ... [LITE] DRY RUN with the default retention, collected
 * </pre>
 * Several commands separated by {@code +} run one after the other in one session.
 */
public final class DirectDelta {
  private DirectDelta() {}

  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder()
        .master("local[*]")
        .appName("direct-delta")
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.ui.enabled", "false")
        .getOrCreate();
    // several commands in one session, separated by "+" (the benchmark's setup: one Spark start, not one each)
    List<String> command = new ArrayList<>();
    for (String a : args) {
      if (a.equals("+")) {
        run(spark, command.toArray(String[]::new));
        command.clear();
      } else {
        command.add(a);
      }
    }
    run(spark, command.toArray(String[]::new));
    spark.stop();
  }

  private static void run(SparkSession spark, String[] args) {
    String path = args[1];
    switch (args[0]) {
      case "generate" -> spark.range(Long.parseLong(args[2]))
          .selectExpr("id", "CAST(pmod(xxhash64(id, 1), 100000) AS INT) AS a",
              "CAST(pmod(xxhash64(id, 2), 100000) AS INT) AS b", "sha2(CAST(id AS STRING), 256) AS payload")
          .repartition(Integer.parseInt(args[3]))
          .write().format("delta").save(path);
      case "generate-partitioned" -> spark.range(Long.parseLong(args[2]))
          .selectExpr("id", "CAST(id % " + args[4] + " AS INT) AS p", "sha2(CAST(id AS STRING), 256) AS payload")
          .repartition(Integer.parseInt(args[3]) / Integer.parseInt(args[4]))
          .write().format("delta").partitionBy("p").save(path);
      case "vacuum" -> {
        spark.conf().set("spark.databricks.delta.retentionDurationCheck.enabled", "false");
        spark.sql("VACUUM delta.`" + path + "` RETAIN " + args[2] + " HOURS").collectAsList();
      }
      case "count-version" -> System.out.println(
          spark.sql("SELECT count(*) FROM delta.`" + path + "` VERSION AS OF " + args[2]).head().getLong(0));
      case "optimize" -> DeltaTable.forPath(spark, path).optimize().executeCompaction().collectAsList();
      case "zorder" -> {
        if (args.length > 3) {
          spark.conf().set("spark.databricks.delta.optimize.maxFileSize", args[3]);
        }
        DeltaTable.forPath(spark, path).optimize().executeZOrderBy(args[2].split(",")).collectAsList();
      }
      case "commits" -> Commits.make(spark, path, Integer.parseInt(args[2]));
      case "overwrite" -> spark.read().format("delta").load(path).localCheckpoint()
          .write().format("delta").mode("overwrite").save(path);
      case "history" -> DeltaTable.forPath(spark, path).history().collectAsList();
      case "describe" -> {
        DeltaTable dt = DeltaTable.forPath(spark, path);
        dt.detail().collectAsList();
        dt.toDF().schema();
      }
      case "restore" -> DeltaTable.forPath(spark, path).restoreToVersion(Long.parseLong(args[2])).collectAsList();
      case "csv" -> spark.range(Long.parseLong(args[2]))
          .selectExpr("id", "CAST(pmod(xxhash64(id, 1), 100000) AS INT) AS a",
              "CAST(pmod(xxhash64(id, 2), 100000) AS INT) AS b", "sha2(CAST(id AS STRING), 256) AS payload")
          .repartition(Integer.parseInt(args[3]))
          .write().option("header", "true").csv(path);
      case "append-csv" -> spark.read().option("header", "true")
          .schema(spark.read().format("delta").load(path).schema())
          .csv(args[2])
          .write().format("delta").mode("append").save(path);
      case "keys" -> spark.range(Long.parseLong(args[2]))
          .selectExpr("id", "substr(sha2(CAST(id AS STRING), 256), 1, 32) AS key",
              "CAST(pmod(xxhash64(id, 1), 100000) AS INT) AS a", "CAST(pmod(xxhash64(id, 2), 100000) AS INT) AS b")
          .repartition(Integer.parseInt(args[3]))
          .write().format("delta").save(path);
      case "lookups" -> Lookups.run(spark, path, Integer.parseInt(args[2]));
      case "copy-session" -> CopyInSession.run(spark, path, args[2], Integer.parseInt(args[3]));
      case "files-read" -> System.out.println(filesRead(spark, path, args[2]));
      case "health" -> SparkHealth.print(spark, path);
      // the files of the current version as Spark lists them (paths only; deltactl files gives every field)
      case "input-files" -> System.out.println(spark.read().format("delta").load(path).inputFiles().length);
      case "scale-table" -> ScaleTables.filesTable(spark, path, Integer.parseInt(args[2]), Integer.parseInt(args[3]),
          Integer.parseInt(args[4]));
      case "long-log" -> ScaleTables.longLog(spark, path, Integer.parseInt(args[2]));
      case "record-table" -> ScaleTables.recordTable(spark, path, args[2], Integer.parseInt(args[3]),
          Integer.parseInt(args[4]), args.length > 5 ? Integer.parseInt(args[5]) : 0);
      case "history-n" -> DeltaTable.forPath(spark, path).history(Integer.parseInt(args[2])).collectAsList();
      case "count" -> System.out.println(spark.read().format("delta").load(path).count());
      case "snapshot-files" -> System.out.println(org.apache.spark.sql.delta.DeltaLog.forTable(spark, path).update(
          false, scala.Option.empty(), scala.Option.empty()).allFiles().collectAsList().size());
      case "vacuum-dry" -> System.out.println(spark.sql("VACUUM delta.`" + path + "`"
          + (args.length > 2 && args[2].equals("lite") ? " LITE" : "") + " DRY RUN").collectAsList().size());
      case "health-table" -> ManyFiles.healthTable(spark, path, Integer.parseInt(args[2]), Integer.parseInt(args[3]),
          Long.parseLong(args[4]));
      case "maintain-table" -> ManyFiles.maintainTable(spark, path, Integer.parseInt(args[2]),
          Integer.parseInt(args[3]));
      default -> throw new IllegalArgumentException("unknown command " + args[0]);
    }
  }

  static long filesRead(SparkSession spark, String path, String predicate) {
    Dataset<Row> df = spark.read().format("delta").load(path).where(predicate);
    df.collectAsList();
    SparkPlan plan = df.queryExecution().executedPlan();
    if (plan instanceof AdaptiveSparkPlanExec a) {
      plan = a.executedPlan();
    }
    long files = 0;
    for (SparkPlan leaf : CollectionConverters.asJava(plan.collectLeaves())) {
      if (leaf instanceof FileSourceScanExec scan) {
        files += scan.metrics().apply("numFiles").value();
      }
    }
    return files;
  }
}
