package dev.deltactl.cli.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.deltactl.core.api.ColumnInfo;
import dev.deltactl.core.api.HistoryResult;
import dev.deltactl.core.api.ShowResult;
import dev.deltactl.core.api.SqlResult;
import dev.deltactl.core.api.VacuumPlan;
import dev.deltactl.core.api.VacuumRequest;
import dev.deltactl.core.api.VacuumResult;
import dev.deltactl.core.api.VersionsResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The three output formats, byte for byte, from fixed results: no Spark, no table. */
class PrintersTest {
  private static final Instant T = Instant.parse("2026-11-20T16:30:00.123456Z");

  private static String print(OutputFormat format, Rendered r) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Printer.of(format).print(r, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static SqlResult mixed() {
    Map<String, Object> tags = new LinkedHashMap<>();
    tags.put("a", 1);
    tags.put("b", List.of("x", "y"));
    return new SqlResult(
        List.of(new ColumnInfo("id", "INT", false, null), new ColumnInfo("name", "STRING", true, null),
            new ColumnInfo("tags", "MAP<STRING,STRING>", true, null), new ColumnInfo("raw", "BINARY", true, null)),
        List.of(
            Arrays.asList(7, "a, \"quoted\"\nline", tags, new byte[] {1, (byte) 0xab}),
            Arrays.asList(1234, "x".repeat(70), null, null)),
        false);
  }

  @Test
  void aGridAlignsNumbersRightCutsWideValuesAndEscapesLineBreaks() {
    assertEquals("""
        id   | name                                                         | tags          | raw
        -----+--------------------------------------------------------------+---------------+-------
           7 | a, "quoted"\\nline                                            | a=1, b=[x, y] | 0x01ab
        1234 | xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx… |               |
        (2 rows)
        """, print(OutputFormat.TABLE, Views.sql(mixed())));
  }

  @Test
  void csvQuotesWhatNeedsItEndsLinesWithCrlfAndWritesNestedValuesAsJson() {
    assertEquals("id,name,tags,raw\r\n"
        + "7,\"a, \"\"quoted\"\"\nline\",\"{\"\"a\"\":1,\"\"b\"\":[\"\"x\"\",\"\"y\"\"]}\",0x01ab\r\n"
        + "1234," + "x".repeat(70) + ",,\r\n", print(OutputFormat.CSV, Views.sql(mixed())));
  }

  @Test
  void jsonIsOneDocumentOnOneLineWithEveryValueWhole() {
    assertEquals("[{\"id\":7,\"name\":\"a, \\\"quoted\\\"\\nline\",\"tags\":{\"a\":1,\"b\":[\"x\",\"y\"]},\"raw\":\"Aas=\"},"
        + "{\"id\":1234,\"name\":\"" + "x".repeat(70) + "\",\"tags\":null,\"raw\":null}]\n",
        print(OutputFormat.JSON, Views.sql(mixed())));
  }

  @Test
  void aStatementWithoutRowsSaysOk() {
    SqlResult none = new SqlResult(List.of(), List.of(), false);
    assertEquals("status  OK\n", print(OutputFormat.TABLE, Views.sql(none)));
    assertEquals("status\r\nOK\r\n", print(OutputFormat.CSV, Views.sql(none)));
    assertEquals("[]\n", print(OutputFormat.JSON, Views.sql(none)));
  }

  @Test
  void anEmptyGridHasItsHeaderAndNoRows() {
    SqlResult empty = new SqlResult(List.of(new ColumnInfo("n", "BIGINT", true, null)), List.of(), false);
    assertEquals("n\n-\n(0 rows)\n", print(OutputFormat.TABLE, Views.sql(empty)));
    assertEquals("n\r\n", print(OutputFormat.CSV, Views.sql(empty)));
  }

  private static HistoryResult history() {
    return new HistoryResult("/t", List.of(
        new HistoryResult.Entry(1, T, null, null, "WRITE", Map.of("mode", "Append"), 0L, "Serializable", true,
            Map.of("numFiles", "2"), null, "Apache-Spark/4.2.0 Delta-Lake/4.4.0"),
        new HistoryResult.Entry(0, T.minusSeconds(60), "u1", "ann", "CREATE TABLE", Map.of(), null, null, null,
            Map.of(), null, null)));
  }

  @Test
  void historyShowsTheUsefulColumnsFirstInTableFormatAndDeltasOrderElsewhere() {
    assertEquals("""
        version | timestamp                | operation    | operationParameters | operationMetrics | userName | readVersion | isolationLevel | isBlindAppend | userMetadata | engineInfo
        --------+--------------------------+--------------+---------------------+------------------+----------+-------------+----------------+---------------+--------------+------------------------------------
              1 | 2026-11-20T16:30:00.123Z | WRITE        | mode=Append         | numFiles=2       |          |           0 | Serializable   | true          |              | Apache-Spark/4.2.0 Delta-Lake/4.4.0
              0 | 2026-11-20T16:29:00.123Z | CREATE TABLE |                     |                  | ann      |             |                |               |              |
        (2 rows)
        """, print(OutputFormat.TABLE, Views.history(history())));
    assertEquals("version,timestamp,userId,userName,operation,operationParameters,readVersion,isolationLevel,"
        + "isBlindAppend,operationMetrics,userMetadata,engineInfo\r\n"
        + "1,2026-11-20T16:30:00.123Z,,,WRITE,\"{\"\"mode\"\":\"\"Append\"\"}\",0,Serializable,true,"
        + "\"{\"\"numFiles\"\":\"\"2\"\"}\",,Apache-Spark/4.2.0 Delta-Lake/4.4.0\r\n"
        + "0,2026-11-20T16:29:00.123Z,u1,ann,CREATE TABLE,{},,,,{},,\r\n",
        print(OutputFormat.CSV, Views.history(history())));
    assertEquals("[{\"version\":1,\"timestamp\":\"2026-11-20T16:30:00.123Z\",\"userId\":null,\"userName\":null,"
        + "\"operation\":\"WRITE\",\"operationParameters\":{\"mode\":\"Append\"},\"readVersion\":0,"
        + "\"isolationLevel\":\"Serializable\",\"isBlindAppend\":true,\"operationMetrics\":{\"numFiles\":\"2\"},"
        + "\"userMetadata\":null,\"engineInfo\":\"Apache-Spark/4.2.0 Delta-Lake/4.4.0\"},"
        + "{\"version\":0,\"timestamp\":\"2026-11-20T16:29:00.123Z\",\"userId\":\"u1\",\"userName\":\"ann\","
        + "\"operation\":\"CREATE TABLE\",\"operationParameters\":{},\"readVersion\":null,\"isolationLevel\":null,"
        + "\"isBlindAppend\":null,\"operationMetrics\":{},\"userMetadata\":null,\"engineInfo\":null}]\n",
        print(OutputFormat.JSON, Views.history(history())));
  }

  private static VacuumResult vacuumDryRun() {
    VacuumPlan plan = new VacuumPlan("/t", 5, VacuumRequest.Mode.FULL, Duration.ofDays(7), Duration.ofDays(7),
        T, List.of(new VacuumPlan.FileInfo("part-0.parquet", 1536, T.minusSeconds(3600)),
            new VacuumPlan.FileInfo("p=a,b/part-1.parquet", 10, T.minusSeconds(7200))), 1546, 3);
    return new VacuumResult(VacuumResult.Status.DRY_RUN, plan, 5, null, null, null, 1250);
  }

  @Test
  void aVacuumDryRunSummarisesAndListsTheFirstFilesInTableFormatAndAllOfThemInCsv() {
    assertEquals("""
        result                 dry run: nothing was deleted
        table                  /t
        version                5
        mode                   full
        retention              168h (table minimum 168h)
        deleteBefore           2026-11-20T16:30:00.123Z
        to delete              2 files, 1.5 KiB
        oldestReadableVersion  3
        elapsed                1.3 s

        would delete (first 1 of 2; -o json lists all)
        path           | size | modificationTime
        ---------------+------+-------------------------
        part-0.parquet | 1536 | 2026-11-20T15:30:00.123Z
        (1 row)
        """, print(OutputFormat.TABLE, Views.vacuum(vacuumDryRun(), 1)));
    assertEquals("path,size,modificationTime\r\n"
        + "part-0.parquet,1536,2026-11-20T15:30:00.123Z\r\n"
        + "\"p=a,b/part-1.parquet\",10,2026-11-20T14:30:00.123Z\r\n",
        print(OutputFormat.CSV, Views.vacuum(vacuumDryRun(), 1)));
  }

  @Test
  void versionsAndACountAreShownAsGridAndRecord() {
    VersionsResult v = new VersionsResult("/t", 1, List.of(
        new VersionsResult.Entry(1, T, "WRITE", true, null),
        new VersionsResult.Entry(0, T.minusSeconds(1), "CREATE TABLE", false, "data files were vacuumed")));
    assertEquals("""
        version | timestamp                | operation    | readable | reason
        --------+--------------------------+--------------+----------+-------------------------
              1 | 2026-11-20T16:30:00.123Z | WRITE        | true     |
              0 | 2026-11-20T16:29:59.123Z | CREATE TABLE | false    | data files were vacuumed
        (2 rows)
        """, print(OutputFormat.TABLE, Views.versions(v)));
    ShowResult count = new ShowResult("/t", 3, T, 42L, null);
    assertEquals("version      3\ntimestamp    2026-11-20T16:30:00.123Z\ncount        42\ncountedFrom  query\nfiles\n",
        print(OutputFormat.TABLE, Views.show(count)));
    assertEquals("version,timestamp,count,countedFrom,files\r\n3,2026-11-20T16:30:00.123Z,42,query,\r\n",
        print(OutputFormat.CSV, Views.show(count)));
    assertEquals("{\"table\":\"/t\",\"version\":3,\"timestamp\":\"2026-11-20T16:30:00.123Z\",\"count\":42,"
        + "\"rows\":null,\"countedFrom\":\"query\",\"files\":null}\n", print(OutputFormat.JSON, Views.show(count)));
    ShowResult counted = new ShowResult("/t", 3, T, 42L, null, ShowResult.FROM_STATISTICS, 7L);
    assertEquals("version      3\ntimestamp    2026-11-20T16:30:00.123Z\ncount        42\ncountedFrom  statistics\n"
        + "files        7\n", print(OutputFormat.TABLE, Views.show(counted)));
    assertEquals("{\"table\":\"/t\",\"version\":3,\"timestamp\":\"2026-11-20T16:30:00.123Z\",\"count\":42,"
        + "\"rows\":null,\"countedFrom\":\"statistics\",\"files\":7}\n", print(OutputFormat.JSON, Views.show(counted)));
  }
}
