package dev.deltactl.core.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deltactl.core.api.EngineConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which SQL statements need the metastore, decided with Spark's and Delta's parsers before any session
 * exists (no Spark session here): statements on paths run without the metastore's lock.
 */
class MetastoreNeedTest {
  private static final Map<String, String> SETTINGS = SparkSessionFactory.settings(EngineConfig.local(), false);

  /** Statements on paths, CTEs, temporary views, built-in functions, settings, and text that does not parse. */
  private static final List<String> NO_METASTORE = List.of(
      "SELECT count(*) FROM delta.`/data/t`",
      "select * from DELTA.`/data/t` where x > 1 order by x limit 3",
      "SELECT * FROM parquet.`/data/files` UNION ALL SELECT * FROM json.`s3a://bucket/x.json`",
      "SELECT * FROM csv.`file:/data/x.csv`",
      "SELECT * FROM delta.`/data/t` VERSION AS OF 1",
      "SELECT * FROM delta.`/data/t` TIMESTAMP AS OF '2024-01-01'",
      "SELECT a.x, count(*) FROM delta.`/a` a JOIN delta.`/b` b ON a.x = b.x GROUP BY a.x HAVING count(*) > 1",
      "SELECT x, row_number() OVER (PARTITION BY y ORDER BY x) FROM delta.`/t`",
      "SELECT * FROM delta.`/t` WHERE x IN (SELECT x FROM delta.`/u`) AND EXISTS (SELECT 1 FROM parquet.`/v`)",
      "SELECT (SELECT max(x) FROM delta.`/u`) AS m",
      "SELECT * FROM delta.`/t` LATERAL VIEW explode(array(1, 2)) e AS y",
      "SELECT * FROM delta.`/t` TABLESAMPLE (10 PERCENT)",
      "SELECT DISTINCT upper(s), coalesce(x, 0), transform(array(1), v -> v + 1) FROM delta.`/t`",
      "INSERT INTO delta.`/data/t` SELECT 1",
      "INSERT INTO delta.`/data/t` VALUES (1, 'a')",
      "INSERT OVERWRITE delta.`/data/t` SELECT * FROM parquet.`/in`",
      "MERGE INTO delta.`/a` t USING delta.`/b` s ON t.x = s.x"
          + " WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *",
      "MERGE INTO delta.`/a` t USING (SELECT * FROM delta.`/b`) s ON t.x = s.x WHEN MATCHED THEN DELETE",
      "DELETE FROM delta.`/a` WHERE x = 1",
      "UPDATE delta.`/a` SET x = 2 WHERE y = 'b'",
      "WITH c AS (SELECT 1 AS x) SELECT * FROM c",
      "WITH c AS (SELECT * FROM delta.`/t`), d AS (SELECT * FROM c) SELECT * FROM d JOIN C ON d.x = C.x",
      "SELECT * FROM (WITH c AS (SELECT 1 AS x) SELECT * FROM c) s",
      "CREATE TABLE delta.`/data/p` AS SELECT 1 AS x",
      "CREATE TABLE delta.`/data/p` (x INT, s STRING) USING delta",
      "CREATE OR REPLACE TABLE delta.`/data/p` USING delta AS SELECT * FROM delta.`/data/q`",
      "CREATE TEMP VIEW v AS SELECT * FROM delta.`/t`",
      "CREATE OR REPLACE GLOBAL TEMPORARY VIEW v AS SELECT 1",
      "CACHE TABLE c AS SELECT * FROM delta.`/t`",
      "CREATE TEMPORARY FUNCTION f AS 'com.example.F'",
      "DESCRIBE delta.`/t`",
      "DESCRIBE TABLE EXTENDED delta.`/t`",
      "DESCRIBE QUERY SELECT * FROM delta.`/t`",
      "SHOW COLUMNS IN delta.`/t`",
      "SHOW TBLPROPERTIES delta.`/t`",
      "ALTER TABLE delta.`/t` ADD COLUMNS (y INT)",
      "ALTER TABLE delta.`/t` SET TBLPROPERTIES ('delta.appendOnly' = 'true')",
      "ALTER TABLE delta.`/t` ADD CONSTRAINT pos CHECK (x > 0)",
      "VACUUM delta.`/t` RETAIN 200 HOURS DRY RUN",
      "VACUUM '/t'",
      "OPTIMIZE delta.`/t` ZORDER BY (x)",
      "OPTIMIZE '/t'",
      "DESCRIBE HISTORY delta.`/t`",
      "DESCRIBE HISTORY '/t'",
      "DESCRIBE DETAIL delta.`/t`",
      "DESCRIBE DETAIL '/t'",
      "RESTORE TABLE delta.`/t` TO VERSION AS OF 1",
      "CONVERT TO DELTA parquet.`/data/files`",
      "CREATE TABLE delta.`/q` SHALLOW CLONE delta.`/p`",
      "SELECT * FROM table_changes_by_path('/t', 0)",
      "SELECT 1",
      "SELECT current_date(), now(), uuid()",
      "VALUES (1), (2)",
      "SELECT * FROM VALUES (1, 'a') AS v(x, s)",
      "SELECT * FROM range(3)",
      "SELECT * FROM range(3) r JOIN delta.`/t` t ON r.id = t.x",
      "SELECT explode(array(1, 2))",
      "SET spark.sql.shuffle.partitions = 3",
      "SET",
      "RESET",
      "CLEAR CACHE",
      // does not parse: Spark says so when it runs it, with or without the metastore
      "SELEC 1",
      "EXPLAIN VACUUM t", // Delta's commands are not under Spark's EXPLAIN
      "EXPLAIN CONVERT TO DELTA db.t",
      "SELECT * FROM delta.`/t` WHERE",
      "");

  /** Statements naming a table, view, database or function of the metastore, or that are in doubt. */
  private static final List<String> METASTORE = List.of(
      "SELECT * FROM t",
      "SELECT * FROM db.t",
      "SELECT * FROM spark_catalog.db.t",
      "SELECT * FROM delta.`/t` WHERE x IN (SELECT x FROM t)",
      "SELECT * FROM delta.`/t` WHERE EXISTS (SELECT 1 FROM db.t)",
      "SELECT (SELECT max(x) FROM t) AS m",
      "SELECT * FROM delta.`/t` a JOIN t b ON a.x = b.x",
      "SELECT * FROM parquet.data", // a table named data in database parquet, not a path
      "SELECT * FROM delta.events",
      "INSERT INTO t SELECT * FROM delta.`/t`",
      "INSERT INTO delta.`/t` SELECT * FROM t",
      "MERGE INTO t USING delta.`/b` s ON t.x = s.x WHEN MATCHED THEN DELETE",
      "MERGE INTO delta.`/a` t USING s ON t.x = s.x WHEN MATCHED THEN DELETE",
      "DELETE FROM t WHERE x = 1",
      "UPDATE t SET x = 2",
      // a CTE only names itself inside its scope; a later definition is not in scope of an earlier one
      "WITH c AS (SELECT 1 AS x) SELECT * FROM c JOIN d ON c.x = d.x",
      "SELECT * FROM c WHERE x IN (WITH c AS (SELECT 1 AS x) SELECT x FROM c)",
      "WITH a AS (SELECT * FROM b), b AS (SELECT 1 AS x) SELECT * FROM a",
      "WITH c AS (SELECT 1 AS x) SELECT * FROM db.c",
      "CREATE TABLE t (x INT) USING delta",
      "CREATE TABLE t USING delta LOCATION '/data/t'",
      "CREATE TABLE t AS SELECT * FROM delta.`/t`",
      "CREATE TABLE delta.`/p` AS SELECT * FROM t",
      "CREATE VIEW v AS SELECT * FROM delta.`/t`",
      "CREATE TEMP VIEW v AS SELECT * FROM t",
      "CACHE TABLE t",
      "CREATE FUNCTION f AS 'com.example.F'",
      "DROP TABLE t",
      "DROP TABLE delta.`/t`",
      "DROP VIEW v",
      "DROP FUNCTION f",
      "SHOW TABLES",
      "SHOW TABLES IN db",
      "SHOW VIEWS",
      "SHOW DATABASES",
      "SHOW FUNCTIONS",
      "SHOW CREATE TABLE t",
      "SHOW PARTITIONS t",
      "USE db",
      "USE default",
      "CREATE DATABASE db",
      "DESCRIBE t",
      "DESCRIBE DATABASE db",
      "DESCRIBE FUNCTION f",
      "DESCRIBE HISTORY t",
      "DESCRIBE DETAIL db.t",
      "VACUUM t",
      "OPTIMIZE t",
      "RESTORE TABLE t TO VERSION AS OF 1",
      "CONVERT TO DELTA db.t",
      "CREATE TABLE t SHALLOW CLONE delta.`/p`",
      "ALTER TABLE t ADD COLUMNS (y INT)",
      "ANALYZE TABLE t COMPUTE STATISTICS",
      "MSCK REPAIR TABLE t",
      "REFRESH TABLE t",
      "SELECT my_function(x) FROM delta.`/t`", // a function of the metastore
      "SELECT db.f(x) FROM delta.`/t`",
      "SELECT * FROM my_table_function(1)",
      "SELECT * FROM table_changes('t', 0)",
      "SELECT * FROM delta.`/t` LATERAL VIEW my_generator(x) e AS y",
      "SELECT * FROM IDENTIFIER('t')",
      "SELECT * FROM IDENTIFIER(:name)",
      "EXECUTE IMMEDIATE 'SELECT * FROM t'",
      "SELECT * FROM stream(t)");

  private static final java.util.regex.Pattern DELTA_COMMANDS = java.util.regex.Pattern.compile(
      "VACUUM|OPTIMIZE|RESTORE|CONVERT|DESCRIBE (HISTORY|DETAIL)|CREATE TABLE \\S+ SHALLOW CLONE"
          + "|ALTER TABLE \\S+ ADD CONSTRAINT");

  @Test
  void pathsNeedNoMetastore() {
    assertThat(wrong(NO_METASTORE, false)).isEmpty();
    // Spark's EXPLAIN does not take Delta's commands: EXPLAIN DESCRIBE HISTORY delta.`/t` describes a table
    // named history, in the metastore
    assertThat(wrong(NO_METASTORE.stream().filter(s -> !s.isEmpty() && !DELTA_COMMANDS.matcher(s).lookingAt())
        .map(s -> "EXPLAIN " + s).toList(), false)).isEmpty();
    assertThat(MetastoreNeed.needed("EXPLAIN DESCRIBE HISTORY delta.`/t`", SETTINGS)).isTrue();
  }

  @Test
  void namesNeedTheMetastore() {
    assertThat(wrong(METASTORE, true)).isEmpty();
    assertThat(wrong(METASTORE.stream().filter(s -> !DELTA_COMMANDS.matcher(s).lookingAt())
        .map(s -> "EXPLAIN " + s).toList(), true)).isEmpty();
  }

  @Test
  void formatsWithoutSqlOnFilesAreNames() {
    Map<String, String> off = new LinkedHashMap<>(SETTINGS);
    off.put("spark.sql.runSQLOnFiles", "false");
    assertThat(MetastoreNeed.needed("SELECT * FROM delta.`/t`", off)).isTrue();
  }

  @Test
  void cteNamesFollowCaseSensitivity() {
    String s = "WITH c AS (SELECT 1 AS x) SELECT * FROM C";
    assertThat(MetastoreNeed.needed(s, SETTINGS)).isFalse();
    Map<String, String> sensitive = new LinkedHashMap<>(SETTINGS);
    sensitive.put("spark.sql.caseSensitive", "true");
    assertThat(MetastoreNeed.needed(s, sensitive)).isTrue();
  }

  @Test
  void unparsableStatementsWithTheUsersOwnParserAreInDoubt() {
    Map<String, String> ext = new LinkedHashMap<>(SETTINGS);
    ext.put("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension,com.example.MySyntax");
    assertThat(MetastoreNeed.needed("FROBNICATE t", SETTINGS)).isFalse();
    assertThat(MetastoreNeed.needed("FROBNICATE t", ext)).isTrue();
  }

  @Test
  void aRunningSessionAnswersTheSameAndKnowsItsTemporaryViewsAndFunctions() {
    org.apache.spark.sql.SparkSession spark = org.apache.spark.sql.SparkSession.builder().master("local[1]")
        .config("spark.ui.enabled", "false").config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .getOrCreate();
    try {
      List<String> wrong = new ArrayList<>();
      for (String st : NO_METASTORE) {
        if (MetastoreNeed.needed(st, spark)) {
          wrong.add(st);
        }
      }
      for (String st : METASTORE) {
        if (!MetastoreNeed.needed(st, spark)) {
          wrong.add(st);
        }
      }
      assertThat(wrong).isEmpty();
      // Spark 4.2's function registry asserts qualified names: a built-in function by its bare name
      assertThat(MetastoreNeed.needed("SELECT count(*), upper('a') FROM range(0, 10, 1, 2)", spark)).isFalse();
      assertThat(MetastoreNeed.needed("SELECT my_udf(id) FROM range(3)", spark)).isTrue();
      spark.udf().register("my_udf", (org.apache.spark.sql.api.java.UDF1<Long, Long>) x -> x,
          org.apache.spark.sql.types.DataTypes.LongType);
      assertThat(MetastoreNeed.needed("SELECT my_udf(id) FROM range(3)", spark)).isFalse();
      assertThat(MetastoreNeed.needed("SELECT * FROM my_view", spark)).isTrue();
      spark.sql("CREATE TEMPORARY VIEW my_view AS SELECT 1 AS x");
      assertThat(MetastoreNeed.needed("SELECT * FROM my_view", spark)).isFalse();
    } finally {
      spark.stop();
    }
  }

  /** The statements whose answer is not {@code expected}. */
  private static List<String> wrong(List<String> statements, boolean expected) {
    List<String> out = new ArrayList<>();
    for (String s : statements) {
      if (MetastoreNeed.needed(s, SETTINGS) != expected) {
        out.add(s);
      }
    }
    return out;
  }
}
