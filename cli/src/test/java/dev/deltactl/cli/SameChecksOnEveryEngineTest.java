package dev.deltactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks of a --where (optimize, zorder, bloom-index build, time-travel show) and of an --as-select are
 * one piece of code for both Spark engines: the same bad input gets the same line and exit code embedded and
 * over Spark Connect, and leaves every table's files as they were.
 */
@Tag(TestCli.MATRIX)
@Tag(TestCli.NOT_ON_CLUSTER)
class SameChecksOnEveryEngineTest {
  @TempDir Path tmp;

  private static void ok(String... args) {
    TestCli.Run r = TestCli.run(args);
    assertThat(r.exitCode()).as(r.toString()).isZero();
  }

  @Test
  void badPredicatesAndQueriesAreRefusedInTheSameWords() throws IOException {
    Path tables = Files.createDirectories(tmp.resolve("tables"));
    String t = tables.resolve("sales").toString();
    String victim = tables.resolve("victim").toString();
    ok("create", t, "--schema", "id BIGINT, name STRING, region STRING", "--partitioned-by", "region", "-q");
    ok("sql", "INSERT INTO delta.`" + t + "` VALUES (1, 'ann', 'eu'), (2, 'bob', 'us')", "-q");
    ok("bloom-index", "create", t, "--column", "name", "-q");
    ok("create", victim, "--schema", "id INT", "-q");
    Map<String, String> before = TestCli.fingerprint(tables);
    String fresh = tmp.resolve("fresh").toString();
    String partitionsOnly = "--where may use partition columns only (region); ";
    List<List<String>> cases = List.of(
        List.of("optimize", t, "--where", "id > 1"), List.of(partitionsOnly + "'id' is a data column"),
        List.of("optimize", t, "--where", "region = 'eu' AND ID > 1"), List.of(partitionsOnly + "'ID' is a data column"),
        List.of("zorder", t, "--by", "id", "--where", "name = 'ann'"), List.of(partitionsOnly + "'name' is a data column"),
        List.of("bloom-index", "build", t, "--where", "id = 1"), List.of(partitionsOnly + "'id' is a data column"),
        List.of("optimize", t, "--where", "region = 'eu' OR"), List.of("invalid --where 'region = 'eu' OR': not a predicate"),
        List.of("zorder", t, "--by", "id", "--where", "region = 'eu' x"),
        List.of("invalid --where 'region = 'eu' x': not a predicate"),
        List.of("bloom-index", "build", t, "--where", "region = 'eu' OR"),
        List.of("invalid --where 'region = 'eu' OR': not a predicate"),
        List.of("time-travel", "show", t, "--where", "id = 1 OR"), List.of("invalid --where 'id = 1 OR': not a predicate"),
        List.of("optimize", t, "--where", "region = = 'eu'"),
        List.of("invalid --where 'region = = 'eu'': [PARSE_SYNTAX_ERROR] Syntax error at or near '='. (line 1, pos 9)"),
        List.of("optimize", t, "--where", "region IN (SELECT region FROM range(1))"),
        List.of("invalid --where 'region IN (SELECT region FROM range(1))': a subquery cannot select partitions;"
            + " name the partition values"),
        List.of("optimize", t, "--where", "nosuch = 1"),
        List.of("invalid --where 'nosuch = 1': [UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function"
            + " parameter with name `nosuch` cannot be resolved. Did you mean one of the following? [`id`, `name`,"
            + " `region`]."),
        List.of("create", fresh, "--as-select", "SELEC 1"),
        List.of("invalid --as-select query: [PARSE_SYNTAX_ERROR] Syntax error at or near 'SELEC'. (line 1, pos 0)"),
        List.of("create", fresh, "--as-select", "DROP TABLE delta.`" + victim + "`"),
        List.of("--as-select takes a query (SELECT, VALUES, WITH ...), not a command: DROP TABLE delta.`" + victim + "`"),
        List.of("create", fresh, "--as-select", "INSERT INTO delta.`" + victim + "` VALUES (9)"),
        List.of("--as-select takes a query (SELECT, VALUES, WITH ...), not a command: INSERT INTO delta.`" + victim
            + "` VALUES (9)"),
        List.of("create", fresh, "--as-select", "WITH c AS (SELECT 9 AS id) INSERT INTO delta.`" + victim
            + "` SELECT * FROM c"),
        List.of("--as-select takes a query (SELECT, VALUES, WITH ...), not a command: WITH c AS (SELECT 9 AS id)"
            + " INSERT INTO delta.`" + victim + "` SELECT * FROM c"),
        List.of("create", fresh, "--as-select", "vacuum delta.`" + victim + "` RETAIN 0 HOURS"),
        List.of("--as-select takes a query (SELECT, VALUES, WITH ...), not a command: vacuum delta.`" + victim
            + "` RETAIN 0 HOURS"));
    List<String> wrong = new ArrayList<>();
    for (int i = 0; i < cases.size(); i += 2) {
      List<String> args = cases.get(i);
      TestCli.Run r = TestCli.run(args.toArray(String[]::new));
      String expected = "error: " + cases.get(i + 1).get(0) + "\n";
      if (r.exitCode() != 2 || !r.err().equals(expected) || !r.out().isEmpty()) {
        wrong.add(args + "\n  exit " + r.exitCode() + "\n  got      " + r.err().strip() + "\n  expected "
            + expected.strip());
      }
    }
    assertThat(wrong).as(TestCli.engineKind()).isEmpty();
    assertThat(TestCli.fingerprint(tables)).isEqualTo(before);
    assertThat(tmp.resolve("fresh")).doesNotExist();
  }

  /**
   * create, describe, history and sql are one piece of code for both Spark engines: a missing name, a query
   * Spark cannot analyze and a query that ends in a comment get the same answer embedded and over Connect.
   */
  @Test
  void createDescribeAndHistoryAnswerInTheSameWords() {
    String missing = "error: table no_such_table_anywhere not found in the metastore; check the name, or give the"
        + " table's path\n";
    for (String command : List.of("describe", "history")) {
      TestCli.Run r = TestCli.run(command, "no_such_table_anywhere");
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
      assertThat(r.err()).as(TestCli.engineKind()).isEqualTo(missing);
    }
    String fresh = tmp.resolve("fresh").toString();
    TestCli.Run r = TestCli.run("create", fresh, "--as-select", "SELECT id FROM no_such_table_anywhere");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
    assertThat(r.err()).as(TestCli.engineKind()).startsWith("error: invalid --as-select query: [TABLE_OR_VIEW_NOT_FOUND]"
        + " The table or view `no_such_table_anywhere` cannot be found.");
    assertThat(tmp.resolve("fresh")).doesNotExist();
    // the query is sent inside a SELECT of deltactl's: a comment that ends it must not swallow the rest
    ok("create", fresh, "-q", "--as-select", "SELECT 7 AS id -- the one row");
    TestCli.Run rows = TestCli.run("sql", "SELECT id FROM delta.`" + fresh + "`", "-o", "csv");
    assertThat(rows.out()).as(rows.toString()).isEqualTo("id\r\n7\r\n");
  }
}
