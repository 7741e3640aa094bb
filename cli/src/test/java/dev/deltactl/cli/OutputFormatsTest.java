package dev.deltactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every output format, byte for byte, on a small fixed table (the conformance simple_table). */
class OutputFormatsTest {
  @TempDir static Path tmp;
  static String table;

  @BeforeAll
  static void copyTable() {
    Path t = TestCli.copy(TestCli.conformance().resolve("simple_table"), tmp.resolve("simple"));
    TestCli.fixCommitTimes(t);
    table = t.toString();
  }

  private static String out(String... args) {
    TestCli.Run r = TestCli.run(args);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).as(r.toString()).isEmpty();
    return r.out().replace(table, "<table>");
  }

  @Test
  void describeAsTableShowsDetailThenSchema() {
    assertThat(out("describe", table)).isEqualTo("""
        format             delta
        id                 5fba94ed-9794-4965-ba6e-6ee3c0d22af9
        name
        description
        location           file:<table>
        createdAt          2020-04-27T06:23:05.495Z
        lastModified       2026-01-01T00:04:00.000Z
        partitionColumns
        clusteringColumns
        numFiles           5
        sizeInBytes        1811
        properties
        minReaderVersion   1
        minWriterVersion   2
        tableFeatures      appendOnly, invariants
        version            4

        schema
        column | type   | nullable | partition | comment
        -------+--------+----------+-----------+--------
        id     | BIGINT | true     | false     |
        (1 row)
        """);
  }

  @Test
  void describeAsJsonIsOneCompleteDocument() {
    assertThat(out("describe", table, "-o", "json")).isEqualTo(
        "{\"format\":\"delta\",\"id\":\"5fba94ed-9794-4965-ba6e-6ee3c0d22af9\",\"name\":null,\"description\":null,"
            + "\"location\":\"file:<table>\",\"createdAt\":\"2020-04-27T06:23:05.495Z\","
            + "\"lastModified\":\"2026-01-01T00:04:00.000Z\",\"partitionColumns\":[],\"clusteringColumns\":[],"
            + "\"numFiles\":5,\"sizeInBytes\":1811,\"properties\":{},\"minReaderVersion\":1,\"minWriterVersion\":2,"
            + "\"tableFeatures\":[\"appendOnly\",\"invariants\"],\"version\":4,"
            + "\"schema\":[{\"name\":\"id\",\"type\":\"BIGINT\",\"nullable\":true,\"comment\":null}]}\n");
  }

  @Test
  void describeAsCsvIsAHeaderAndOneRecordWithTheSchemaInDdl() {
    assertThat(out("describe", table, "--output=csv")).isEqualTo(
        "format,id,name,description,location,createdAt,lastModified,partitionColumns,clusteringColumns,numFiles,"
            + "sizeInBytes,properties,minReaderVersion,minWriterVersion,tableFeatures,version,schema\r\n"
            + "delta,5fba94ed-9794-4965-ba6e-6ee3c0d22af9,,,file:<table>,2020-04-27T06:23:05.495Z,"
            + "2026-01-01T00:04:00.000Z,[],[],5,1811,{},1,2,\"[\"\"appendOnly\"\",\"\"invariants\"\"]\",4,id BIGINT\r\n");
  }

  @Test
  void historyAsTableSummarisesWideMapsNewestFirst() {
    assertThat(out("history", table, "--limit", "3")).isEqualTo("""
        version | timestamp                | operation | operationParameters                                          | operationMetrics | userName | readVersion | isolationLevel | isBlindAppend | userMetadata | engineInfo
        --------+--------------------------+-----------+--------------------------------------------------------------+------------------+----------+-------------+----------------+---------------+--------------+-----------
              4 | 2026-01-01T00:04:00.000Z | DELETE    | predicate=["((`id` % CAST(2 AS BIGINT)) = CAST(0 AS BIGINT)… |                  |          |           3 |                | false         |              |
              3 | 2026-01-01T00:03:00.000Z | UPDATE    | predicate=((id#697L % cast(2 as bigint)) = cast(0 as bigint… |                  |          |           2 |                | false         |              |
              2 | 2026-01-01T00:02:00.000Z | WRITE     | mode=Overwrite, partitionBy=[]                               |                  |          |           1 |                | false         |              |
        (3 rows)
        """);
  }

  @Test
  void historyAsJsonIsAnArrayOfCompleteCommits() {
    assertThat(out("history", table, "-n", "2", "-o", "json")).isEqualTo(
        "[{\"version\":4,\"timestamp\":\"2026-01-01T00:04:00.000Z\",\"userId\":null,\"userName\":null,"
            + "\"operation\":\"DELETE\",\"operationParameters\":{\"predicate\":"
            + "\"[\\\"((`id` % CAST(2 AS BIGINT)) = CAST(0 AS BIGINT))\\\"]\"},\"readVersion\":3,"
            + "\"isolationLevel\":null,\"isBlindAppend\":false,\"operationMetrics\":{},\"userMetadata\":null,"
            + "\"engineInfo\":null},"
            + "{\"version\":3,\"timestamp\":\"2026-01-01T00:03:00.000Z\",\"userId\":null,\"userName\":null,"
            + "\"operation\":\"UPDATE\",\"operationParameters\":{\"predicate\":"
            + "\"((id#697L % cast(2 as bigint)) = cast(0 as bigint))\"},\"readVersion\":2,"
            + "\"isolationLevel\":null,\"isBlindAppend\":false,\"operationMetrics\":{},\"userMetadata\":null,"
            + "\"engineInfo\":null}]\n");
  }

  @Test
  void historyAsCsvHasEveryColumnWithMapsAsJson() {
    assertThat(out("history", table, "-o", "csv")).isEqualTo(
        "version,timestamp,userId,userName,operation,operationParameters,readVersion,isolationLevel,"
            + "isBlindAppend,operationMetrics,userMetadata,engineInfo\r\n"
            + "4,2026-01-01T00:04:00.000Z,,,DELETE,\"{\"\"predicate\"\":\"\"[\\\"\"((`id` % CAST(2 AS BIGINT)) = "
            + "CAST(0 AS BIGINT))\\\"\"]\"\"}\",3,,false,{},,\r\n"
            + "3,2026-01-01T00:03:00.000Z,,,UPDATE,\"{\"\"predicate\"\":\"\"((id#697L % cast(2 as bigint)) = "
            + "cast(0 as bigint))\"\"}\",2,,false,{},,\r\n"
            + "2,2026-01-01T00:02:00.000Z,,,WRITE,\"{\"\"mode\"\":\"\"Overwrite\"\",\"\"partitionBy\"\":\"\"[]\"\"}\","
            + "1,,false,{},,\r\n"
            + "1,2026-01-01T00:01:00.000Z,,,MERGE,\"{\"\"predicate\"\":\"\"(oldData.`id` = newData.`id`)\"\"}\","
            + "0,,false,{},,\r\n"
            + "0,2026-01-01T00:00:00.000Z,,,WRITE,\"{\"\"mode\"\":\"\"ErrorIfExists\"\",\"\"partitionBy\"\":\"\"[]\"\"}\","
            + ",,true,{},,\r\n");
  }

  private static final String QUERY = "SELECT * FROM VALUES (1, 'a,b', DATE'2026-11-20', CAST(NULL AS STRING),"
      + " TIMESTAMP'2026-11-20 16:30:00', map('k', 2), array(1, 2), 1.5D),"
      + " (22, 'say \"hi\"', DATE'2026-11-21', 'x', TIMESTAMP'2026-11-20 16:30:00.123', map(), array(), -0.25D)"
      + " AS t(id, s, d, n, ts, m, a, f)";

  @Test
  void sqlAsTableAlignsColumnsAndRightAlignsNumbers() {
    assertThat(out("sql", QUERY)).isEqualTo("""
        id | s        | d          | n | ts                       | m   | a    | f
        ---+----------+------------+---+--------------------------+-----+------+------
         1 | a,b      | 2026-11-20 |   | 2026-11-20T16:30:00.000Z | k=2 | 1, 2 |   1.5
        22 | say "hi" | 2026-11-21 | x | 2026-11-20T16:30:00.123Z |     |      | -0.25
        (2 rows)
        """);
  }

  @Test
  void sqlAsJsonIsAnArrayOfRowObjects() {
    assertThat(out("-o", "json", "sql", QUERY)).isEqualTo(
        "[{\"id\":1,\"s\":\"a,b\",\"d\":\"2026-11-20\",\"n\":null,\"ts\":\"2026-11-20T16:30:00.000Z\","
            + "\"m\":{\"k\":2},\"a\":[1,2],\"f\":1.5},"
            + "{\"id\":22,\"s\":\"say \\\"hi\\\"\",\"d\":\"2026-11-21\",\"n\":\"x\","
            + "\"ts\":\"2026-11-20T16:30:00.123Z\",\"m\":{},\"a\":[],\"f\":-0.25}]\n");
  }

  @Test
  void sqlAsCsvQuotesWhatRfc4180Requires() {
    assertThat(out("sql", QUERY, "-o", "csv")).isEqualTo(
        "id,s,d,n,ts,m,a,f\r\n"
            + "1,\"a,b\",2026-11-20,,2026-11-20T16:30:00.000Z,\"{\"\"k\"\":2}\",\"[1,2]\",1.5\r\n"
            + "22,\"say \"\"hi\"\"\",2026-11-21,x,2026-11-20T16:30:00.123Z,{},[],-0.25\r\n");
  }

  @Test
  void sqlLimitShowsTheFirstRowsAndSaysMoreExistOnStderr() {
    TestCli.Run r = TestCli.run("sql", "SELECT id FROM range(5)", "--limit", "2", "-o", "csv");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).isEqualTo("id\r\n0\r\n1\r\n");
    assertThat(r.err()).isEqualTo(
        "note: showing the first 2 rows; more exist (use --limit N, or --limit 0 for all)\n");
    TestCli.Run all = TestCli.run("sql", "SELECT id FROM range(5)", "--limit", "0", "-o", "csv", "-q");
    assertThat(all.out()).isEqualTo("id\r\n0\r\n1\r\n2\r\n3\r\n4\r\n");
    assertThat(all.err()).isEmpty();
    TestCli.Run quiet = TestCli.run("-q", "sql", "SELECT id FROM range(5)", "--limit", "2", "-o", "csv");
    assertThat(quiet.err()).isEmpty();
  }

  @Test
  void sqlJoinsSeveralWordsIntoOneStatement() {
    assertThat(out("sql", "SELECT", "40", "+", "2", "AS", "answer", "-o", "csv")).isEqualTo("answer\r\n42\r\n");
  }

  @Test
  void aStatementWithoutAResultSetSaysOk() {
    assertThat(out("sql", "SET spark.sql.ansi.enabled = true", "-o", "json"))
        .isEqualTo("[{\"key\":\"spark.sql.ansi.enabled\",\"value\":\"true\"}]\n");
    assertThat(out("sql", "CREATE TEMPORARY VIEW nothing AS SELECT 1")).isEqualTo("status  OK\n");
    assertThat(out("sql", "DROP VIEW nothing", "-o", "json")).isEqualTo("[]\n");
  }
}
