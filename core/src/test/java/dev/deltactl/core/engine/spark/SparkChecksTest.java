package dev.deltactl.core.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import java.util.List;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The checks both Spark engines make of a --where and of an --as-select, with Spark's and Delta's parsers and
 * no session (none is started here), and the translations both engines share.
 */
class SparkChecksTest {
  private static final StructType SCHEMA = StructType.fromDDL("id BIGINT, Part INT, day DATE, tags ARRAY<INT>");
  private static final List<String> PARTS = List.of("Part", "day");

  private static DeltactlException refused(Runnable r) {
    try {
      r.run();
    } catch (DeltactlException e) {
      return e;
    }
    throw new AssertionError("not refused");
  }

  @Test
  void wherePredicatesOnPartitionColumnsPass() {
    for (String ok : List.of("part = 1", "Part = 1 AND day > '2024-01-01'", "`day` IS NULL",
        "part IN (1, 2) OR day BETWEEN '2024-01-01' AND '2024-02-01'", "nosuch = 1",
        "exists(array(1, 2), x -> x = part)", "coalesce(part, 0) = 0")) {
      SparkChecks.checkPartitionColumnsOnly(ok, SCHEMA, PARTS);
    }
  }

  @Test
  void whereNamingADataColumnIsRefusedAsWritten() {
    for (String bad : List.of("id > 3", "ID > 3", "part = 1 AND id > 3", "`id` = 1", "id.x = 1",
        "exists(tags, x -> x = 1)", "exists(array(1), x -> x = id)", "part = 1 OR abs(id) = 2")) {
      DeltactlException e = refused(() -> SparkChecks.checkPartitionColumnsOnly(bad, SCHEMA, PARTS));
      assertThat(e.code()).as(bad).isEqualTo(ErrorCode.INVALID_ARGUMENT);
      assertThat(e.getMessage()).as(bad).isEqualTo("--where may use partition columns only (Part, day); '"
          + (bad.contains("tags") ? "tags" : bad.contains("ID") ? "ID" : "id") + "' is a data column");
    }
    assertThat(refused(() -> SparkChecks.checkPartitionColumnsOnly("id = 1", SCHEMA, List.of())).getMessage())
        .isEqualTo("--where may use partition columns only (the table has none); 'id' is a data column");
  }

  @Test
  void whereWithASubqueryIsRefused() {
    for (String bad : List.of("part IN (SELECT 1)", "EXISTS (SELECT 1)", "part = (SELECT max(id) FROM t)")) {
      assertThat(refused(() -> SparkChecks.checkPartitionColumnsOnly(bad, SCHEMA, PARTS)).getMessage())
          .isEqualTo("invalid --where '" + bad + "': a subquery cannot select partitions; name the partition values");
    }
  }

  @Test
  void whereThatIsNoPredicateIsRefused() {
    for (String bad : List.of("part = 1 OR", "part = 1 AS x", "*")) {
      DeltactlException e = refused(() -> SparkChecks.predicate(bad));
      assertThat(e.getMessage()).isEqualTo("invalid --where '" + bad + "': not a predicate");
      assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }
    DeltactlException syntax = refused(() -> SparkChecks.predicate("part = = 1"));
    assertThat(syntax.code()).isEqualTo(ErrorCode.INVALID_SQL);
    assertThat(syntax.getMessage())
        .isEqualTo("invalid --where 'part = = 1': [PARSE_SYNTAX_ERROR] Syntax error at or near '='. (line 1, pos 7)");
    assertThat(refused(() -> SparkChecks.predicate("part = 1) OR (1 = 1")).getMessage())
        .startsWith("invalid --where 'part = 1) OR (1 = 1': [PARSE_SYNTAX_ERROR]");
    assertThat(SparkChecks.predicate(null)).isNull();
  }

  @Test
  void asSelectTakesQueriesOnly() {
    for (String query : List.of("SELECT 1", "select * from range(3);", "VALUES (1), (2)", "TABLE victim",
        "FROM range(3) SELECT id", "WITH c AS (SELECT 1 AS x) SELECT * FROM c", "(SELECT 1) UNION ALL (SELECT 2)",
        "SELECT * FROM delta.`/t` VERSION AS OF 1")) {
      SparkChecks.checkQuery(query);
    }
    for (String command : List.of("DROP TABLE victim", "  drop table victim;", "INSERT INTO victim VALUES (1)",
        "WITH c AS (SELECT 1 AS id) INSERT INTO victim SELECT * FROM c", "VACUUM victim", "OPTIMIZE victim",
        "SET spark.sql.ansi.enabled = false", "SHOW TABLES", "DELETE FROM victim", "CREATE TABLE x AS SELECT 1",
        "TRUNCATE TABLE victim", "CACHE TABLE victim")) {
      DeltactlException e = refused(() -> SparkChecks.checkQuery(command));
      assertThat(e.code()).as(command).isEqualTo(ErrorCode.INVALID_SQL);
      assertThat(e.getMessage()).isEqualTo("--as-select takes a query (SELECT, VALUES, WITH ...), not a command: "
          + command);
    }
    for (String broken : List.of("SELEC 1", "SELECT 1; DROP TABLE victim", "", "SELECT 1 garbage garbage")) {
      DeltactlException e = refused(() -> SparkChecks.checkQuery(broken));
      assertThat(e.code()).as(broken).isEqualTo(ErrorCode.INVALID_SQL);
      assertThat(e.getMessage()).as(broken).startsWith("invalid --as-select query: [PARSE_");
    }
  }
}
