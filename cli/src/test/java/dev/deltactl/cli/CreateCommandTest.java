package dev.deltactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CreateCommandTest {
  @TempDir Path tmp;

  private static JsonNode ok(String... args) {
    TestCli.Run r = TestCli.run(args);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).as(r.toString()).isEmpty();
    return Json.parse(r.out());
  }

  private static String csv(String sql) {
    TestCli.Run r = TestCli.run("sql", sql, "-o", "csv");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return r.out();
  }

  private static void failsWith(int exit, String message, String... args) {
    TestCli.Run r = TestCli.run(args);
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(exit);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo(message);
  }

  @Test
  void createsAnEmptyPartitionedTableWithPropertiesAndAComment() {
    String t = tmp.resolve("sales").toString();
    JsonNode r = ok("create", t, "--schema", "id BIGINT NOT NULL, name STRING COMMENT 'who', day DATE",
        "--partitioned-by", "day", "--property", "delta.appendOnly=true",
        "--property", "delta.deletedFileRetentionDuration=interval 30 days", "--comment", "daily sales", "-o", "json");
    assertThat(r.get("action").asText()).isEqualTo("CREATED");
    JsonNode table = r.get("table");
    assertThat(table.get("location").asText()).isEqualTo("file:" + t);
    assertThat(table.get("description").asText()).isEqualTo("daily sales");
    assertThat(table.get("version").asLong()).isZero();
    assertThat(table.get("numFiles").asLong()).isZero();
    assertThat(table.get("partitionColumns").toString()).isEqualTo("[\"day\"]");
    assertThat(table.get("properties").toString()).isEqualTo(
        "{\"delta.appendOnly\":\"true\",\"delta.deletedFileRetentionDuration\":\"interval 30 days\"}");
    assertThat(table.get("schema").toString()).isEqualTo(
        "[{\"name\":\"id\",\"type\":\"BIGINT\",\"nullable\":false,\"comment\":null},"
            + "{\"name\":\"name\",\"type\":\"STRING\",\"nullable\":true,\"comment\":\"who\"},"
            + "{\"name\":\"day\",\"type\":\"DATE\",\"nullable\":true,\"comment\":null}]");
    assertThat(Files.isDirectory(tmp.resolve("sales/_delta_log"))).isTrue();
  }

  @Test
  void createsANamedTableAtAChosenLocationThatLaterCommandsFindByName() {
    Path loc = tmp.resolve("located");
    JsonNode r = ok("create", "located_sales", "--schema", "id INT", "--location", loc.toString(), "-o", "json");
    assertThat(r.get("table").get("name").asText()).isEqualTo("spark_catalog.default.located_sales");
    assertThat(r.get("table").get("location").asText()).isEqualTo("file:" + loc);
    JsonNode d = ok("describe", "located_sales", "-o", "json");
    assertThat(d.get("location").asText()).isEqualTo("file:" + loc);
    assertThat(csv("SELECT count(*) AS n FROM located_sales")).isEqualTo("n\r\n0\r\n");
  }

  @Test
  void createsANamedTableInTheWarehouseByDefault() {
    JsonNode r = ok("create", "default.warehouse_sales", "--schema", "id INT", "-o", "json");
    assertThat(r.get("table").get("location").asText())
        .isEqualTo(TestCli.warehouse().resolve("warehouse_sales").toUri().toString()
            .replaceFirst("^file:///", "file:/").replaceFirst("/$", ""));
  }

  @Test
  void refusesToCreateOverAnExistingTableAndLeavesItAsItWas() {
    String t = tmp.resolve("t").toString();
    ok("create", t, "--schema", "id INT", "-o", "json");
    failsWith(2, "error: table " + t + " already exists; use --replace to replace it (its history is kept)"
        + " or --if-not-exists to leave it as it is\n", "create", t, "--schema", "other STRING");
    JsonNode d = ok("describe", t, "-o", "json");
    assertThat(d.get("version").asLong()).isZero();
    assertThat(d.get("schema").get(0).get("name").asText()).isEqualTo("id");
  }

  @Test
  void ifNotExistsLeavesAnExistingTableUnchanged() {
    String t = tmp.resolve("t").toString();
    ok("create", t, "--schema", "id INT", "-o", "json");
    JsonNode r = ok("create", t, "--schema", "other STRING", "--if-not-exists", "-o", "json");
    assertThat(r.get("action").asText()).isEqualTo("ALREADY_EXISTS");
    assertThat(r.get("table").get("version").asLong()).isZero();
    assertThat(r.get("table").get("schema").get(0).get("name").asText()).isEqualTo("id");
  }

  @Test
  void replaceWritesANewVersionAndKeepsTheHistory() {
    String t = tmp.resolve("t").toString();
    ok("create", t, "--as-select", "SELECT 1 AS id", "-o", "json");
    JsonNode r = ok("create", t, "--schema", "code STRING", "--replace", "-o", "json");
    assertThat(r.get("action").asText()).isEqualTo("REPLACED");
    assertThat(r.get("table").get("version").asLong()).isEqualTo(1);
    assertThat(r.get("table").get("schema").toString())
        .isEqualTo("[{\"name\":\"code\",\"type\":\"STRING\",\"nullable\":true,\"comment\":null}]");
    assertThat(csv("SELECT count(*) AS n FROM delta.`" + t + "`")).isEqualTo("n\r\n0\r\n");
    JsonNode h = ok("history", t, "-o", "json");
    assertThat(h.get(0).get("operation").asText()).isEqualTo("REPLACE TABLE");
    assertThat(h.get(1).get("operation").asText()).isEqualTo("CREATE TABLE AS SELECT");
  }

  @Test
  void replaceOnAMissingTableCreatesIt() {
    String t = tmp.resolve("t").toString();
    JsonNode r = ok("create", t, "--schema", "id INT", "--replace", "-o", "json");
    assertThat(r.get("action").asText()).isEqualTo("CREATED");
  }

  @Test
  @Tag(TestCli.MATRIX)
  void createsFromAQueryWithPartitions() {
    String t = tmp.resolve("t").toString();
    JsonNode r = ok("create", t, "--as-select", "SELECT /*+ REPARTITION(1) */ id, CAST(id % 2 AS INT) AS g FROM range(5)",
        "--partitioned-by", "g", "-o", "json");
    assertThat(r.get("table").get("partitionColumns").toString()).isEqualTo("[\"g\"]");
    assertThat(r.get("table").get("numFiles").asLong()).isEqualTo(2);
    assertThat(csv("SELECT g, count(*) AS n, sum(id) AS s FROM delta.`" + t + "` GROUP BY g ORDER BY g"))
        .isEqualTo("g,n,s\r\n0,3,6\r\n1,2,4\r\n");
    assertThat(ok("history", t, "-o", "json").get(0).get("operationMetrics").get("numOutputRows").asText())
        .isEqualTo("5");
  }

  @Test
  @Tag(TestCli.MATRIX)
  void createsFromCsvFilesWithReaderOptionsAndInfersTheSchema() throws IOException {
    Path src = Files.createDirectories(tmp.resolve("in"));
    Files.writeString(src.resolve("a.csv"), "id;name;day\n1;ann;2026-11-20\n2;bob;2026-11-21\n");
    String t = tmp.resolve("t").toString();
    JsonNode r = ok("create", t, "--from", src.toString(), "--format", "csv",
        "--format-option", "header=true", "--format-option", "delimiter=;", "--partitioned-by", "day", "-o", "json");
    assertThat(r.get("table").get("schema").toString()).isEqualTo(
        "[{\"name\":\"id\",\"type\":\"INT\",\"nullable\":true,\"comment\":null},"
            + "{\"name\":\"name\",\"type\":\"STRING\",\"nullable\":true,\"comment\":null},"
            + "{\"name\":\"day\",\"type\":\"DATE\",\"nullable\":true,\"comment\":null}]");
    assertThat(csv("SELECT * FROM delta.`" + t + "` ORDER BY id"))
        .isEqualTo("id,name,day\r\n1,ann,2026-11-20\r\n2,bob,2026-11-21\r\n");
  }

  @Test
  void createsFromJsonFilesReadWithTheGivenSchema() throws IOException {
    Path src = Files.createDirectories(tmp.resolve("in"));
    Files.writeString(src.resolve("a.json"), "{\"id\": 7, \"extra\": true}\n{\"id\": 8}\n");
    String t = tmp.resolve("t").toString();
    JsonNode r = ok("create", t, "--from", src.resolve("a.json").toString(), "--format", "JSON",
        "--schema", "id BIGINT", "-o", "json");
    assertThat(r.get("table").get("schema").toString())
        .isEqualTo("[{\"name\":\"id\",\"type\":\"BIGINT\",\"nullable\":true,\"comment\":null}]");
    assertThat(csv("SELECT * FROM delta.`" + t + "` ORDER BY id")).isEqualTo("id\r\n7\r\n8\r\n");
  }

  @Test
  void rejectsASchemaThatIsNotValidDdl() {
    String t = tmp.resolve("t").toString();
    TestCli.Run r = TestCli.run("create", t, "--schema", "id BIGINTEGER");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).startsWith("error: invalid --schema 'id BIGINTEGER': ")
        .contains("BIGINTEGER")
        .endsWith("(expected Spark DDL such as \"id BIGINT NOT NULL, name STRING, day DATE\")\n");
    assertThat(Files.exists(tmp.resolve("t"))).isFalse();
  }

  @Test
  void rejectsAPartitionColumnThatIsNotInTheSchema() {
    String t = tmp.resolve("t").toString();
    failsWith(2, "error: partition column 'day' is not a column of the table (columns: id, name)\n",
        "create", t, "--schema", "id INT, name STRING", "--partitioned-by", "day");
    assertThat(Files.exists(tmp.resolve("t"))).isFalse();
  }

  @Test
  void refusesAFolderThatHoldsOtherFiles() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("busy"));
    Files.writeString(dir.resolve("keep.txt"), "precious");
    failsWith(2, "error: refusing to create a table in " + dir
        + ": the folder is not empty and holds no Delta table; choose an empty or new folder\n",
        "create", dir.toString(), "--schema", "id INT");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("keep.txt");
    }
  }

  @Test
  void refusesACommandWhereAQueryIsExpected() {
    ok("create", "victim", "--schema", "id INT", "--if-not-exists", "-o", "json");
    failsWith(2, "error: --as-select takes a query (SELECT, VALUES, WITH ...), not a command: DROP TABLE victim\n",
        "create", tmp.resolve("t").toString(), "--as-select", "DROP TABLE victim");
    assertThat(csv("SELECT count(*) AS n FROM victim")).isEqualTo("n\r\n0\r\n");
  }

  @Test
  void checksOptionCombinations() {
    String t = tmp.resolve("t").toString();
    failsWith(2, "error: --from needs --format (csv, json, parquet, orc, avro, text)\n"
        + "Try 'deltactl create --help' for more information.\n", "create", t, "--from", tmp.toString());
    failsWith(2, "error: --format and --format-option apply only with --from\n"
        + "Try 'deltactl create --help' for more information.\n", "create", t, "--schema", "id INT", "--format", "csv");
    failsWith(2, "error: --if-not-exists, --replace are mutually exclusive (specify only one)\n"
        + "Try 'deltactl create --help' for more information.\n",
        "create", t, "--schema", "id INT", "--replace", "--if-not-exists");
    failsWith(2, "error: create needs columns: give --schema, --as-select or --from\n", "create", t);
    failsWith(2, "error: --schema cannot be combined with --as-select: the query defines the columns\n",
        "create", t, "--schema", "id INT", "--as-select", "SELECT 1");
    failsWith(2, "error: --location is for named tables; the path " + t + " is the location\n",
        "create", t, "--schema", "id INT", "--location", tmp.resolve("elsewhere").toString());
    assertThat(Files.exists(tmp.resolve("t"))).isFalse();
  }

  @Test
  void reportsAMissingSourceFolderAsNotFound() {
    Path missing = tmp.resolve("nothing-here");
    failsWith(3, "error: --from path not found: " + missing + "\n",
        "create", tmp.resolve("t").toString(), "--from", missing.toString(), "--format", "parquet");
  }

  @Test
  void rejectsAnUnknownDeltaProperty() {
    TestCli.Run r = TestCli.run("create", tmp.resolve("t").toString(), "--schema", "id INT",
        "--property", "delta.noSuchThing=1");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).startsWith("error: ").contains("delta.noSuchThing");
    assertThat(Files.exists(tmp.resolve("t/_delta_log"))).isFalse();
  }
  /**
   * create --property checks keys and values as properties set does (TableProperties.checkSet), before anything
   * is written: an unknown Delta key names the nearest known one, a bad value says what is expected, deltactl's
   * keys are checked, against the new table's columns once they are known (--schema or the query's).
   */
  @Test
  void checksPropertiesAsPropertiesSetDoesBeforeWritingAnything() {
    String t = tmp.resolve("t").toString();
    failsWith(2, "error: unknown Delta table property 'delta.checkpointIntervall'; did you mean"
        + " 'delta.checkpointInterval'? (deltactl properties list TABLE --all shows Delta's keys)\n",
        "create", t, "--schema", "id INT", "--property", "delta.checkpointIntervall=5");
    failsWith(2, "error: invalid value '0' for delta.checkpointInterval: expected a whole number of 1 or more\n",
        "create", t, "--schema", "id INT", "--property", "delta.checkpointInterval=0");
    failsWith(2, "error: invalid value '1 month' for delta.logRetentionDuration: months and years are not"
        + " accepted; write days, e.g. '365 days'\n",
        "create", t, "--as-select", "SELECT 1 AS id", "--property", "delta.logRetentionDuration=1 month");
    failsWith(2, "error: invalid value 'yes' for delta.enableDeletionVectors: expected true or false\n",
        "create", t, "--schema", "id INT", "--property", "delta.enableDeletionVectors=yes");
    failsWith(2, "error: unknown deltactl table property 'deltactl.zorder'; did you mean 'deltactl.zorder.by'?"
        + " (deltactl's keys: deltactl.zorder.by, deltactl.policy.<key>)\n",
        "create", t, "--schema", "id INT", "--property", "deltactl.zorder=id");
    failsWith(2, "error: invalid deltactl.zorder.by: the table has no column 'nosuch' (columns: id, p)\n",
        "create", t, "--schema", "id INT, p INT", "--property", "deltactl.zorder.by=id,nosuch");
    failsWith(2, "error: invalid deltactl.zorder.by: the table has no column 'nosuch' (columns: id, p)\n",
        "create", t, "--as-select", "SELECT id, id % 3 AS p FROM range(10)", "--property",
        "deltactl.zorder.by=nosuch");
    failsWith(2, "error: invalid deltactl.zorder.by: 'p' is a partition column; Z-order by other columns (each"
        + " partition is ordered on its own)\n",
        "create", t, "--schema", "id INT, p INT", "--partitioned-by", "p", "--property", "deltactl.zorder.by=p");
    failsWith(2, "error: invalid value 'nosuch' for delta.dataSkippingStatsColumns: the table has no column"
        + " 'nosuch' (columns: id)\n",
        "create", t, "--schema", "id INT", "--property", "delta.dataSkippingStatsColumns=nosuch");
    assertThat(Files.exists(tmp.resolve("t"))).as("no table folder").isFalse();

    // the same keys, valid: created with them
    JsonNode r = ok("create", t, "--as-select", "SELECT id, id % 3 AS p FROM range(10)", "--property",
        "delta.checkpointInterval=5", "--property", "deltactl.zorder.by=p,id", "-o", "json");
    assertThat(r.get("table").get("properties").toString())
        .isEqualTo("{\"delta.checkpointInterval\":\"5\",\"deltactl.zorder.by\":\"p,id\"}");
  }
}
