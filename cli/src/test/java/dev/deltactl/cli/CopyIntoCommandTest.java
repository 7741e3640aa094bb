package dev.deltactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** copy-into on real folders of files: what is loaded, what is skipped, and that the table says so. */
class CopyIntoCommandTest {
  @TempDir Path tmp;
  Path src;
  Path table;

  @BeforeEach
  void folders() throws Exception {
    src = Files.createDirectories(tmp.resolve("landing"));
    table = tmp.resolve("sales");
    assertThat(TestCli.run("create", table.toString(), "--schema", "id BIGINT, name STRING, amount DOUBLE", "-q")
        .exitCode()).isZero();
    csv("a.csv", "1,ann,1.5", "2,bob,2.5");
    csv("b.csv", "3,cid,3.5");
    csv("sub/c.csv", "4,dan,4.5", "5,eve,5.5");
    Files.writeString(src.resolve("_SUCCESS"), "");
  }

  private void csv(String name, String... rows) throws Exception {
    Path f = src.resolve(name);
    Files.createDirectories(f.getParent());
    Files.writeString(f, "id,name,amount\n" + String.join("\n", rows) + "\n", StandardCharsets.UTF_8);
  }

  private JsonNode copy(String... extra) {
    List<String> args = new ArrayList<>(List.of("copy-into", table.toString(), "--from", src.toString(), "--format",
        "csv", "--format-option", "header=true", "-o", "json"));
    args.addAll(List.of(extra));
    TestCli.Run r = TestCli.run(args.toArray(String[]::new));
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return Json.parse(r.out());
  }

  private List<String> rows() {
    TestCli.Run r = TestCli.run("sql", "SELECT * FROM delta.`" + table + "` ORDER BY id, name", "-o", "csv");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return r.out().lines().skip(1).toList();
  }

  /** Over Spark Connect every file loaded is a commit of its own; the classic engines commit a run at once. */
  private static final boolean CONNECT = TestCli.engineKind().equals("connect");

  private long version() {
    return Json.parse(TestCli.run("describe", table.toString(), "-o", "json").out()).get("version").asLong();
  }

  @Test
  @Tag(TestCli.MATRIX)
  void loadsEachFileOnceAndOnlyNewFilesAfterwardsAndForceReloads() throws Exception {
    JsonNode first = copy();
    assertThat(first.get("status").asText()).isEqualTo("LOADED");
    assertThat(first.get("numFilesLoaded").asLong()).isEqualTo(3);
    assertThat(first.get("numFilesSkipped").asLong()).isZero();
    assertThat(first.get("numRowsInserted").asLong()).isEqualTo(5);
    long loadedAt = CONNECT ? 3 : 1;
    assertThat(first.get("version").asLong()).isEqualTo(loadedAt);
    assertThat(first.get("filesLoaded").toString()).isEqualTo("[\"a.csv\",\"b.csv\",\"sub/c.csv\"]");
    assertThat(rows()).containsExactly("1,ann,1.5", "2,bob,2.5", "3,cid,3.5", "4,dan,4.5", "5,eve,5.5");

    JsonNode again = copy();
    assertThat(again.get("status").asText()).isEqualTo("NOTHING_TO_LOAD");
    assertThat(again.get("numFilesSkipped").asLong()).isEqualTo(3);
    assertThat(again.get("version").isNull()).isTrue();
    assertThat(version()).isEqualTo(loadedAt);

    csv("d.csv", "6,fay,6.5");
    JsonNode next = copy();
    assertThat(next.get("numFilesLoaded").asLong()).isEqualTo(1);
    assertThat(next.get("numFilesSkipped").asLong()).isEqualTo(3);
    assertThat(next.get("filesLoaded").toString()).isEqualTo("[\"d.csv\"]");
    assertThat(rows()).hasSize(6);

    JsonNode forced = copy("--force", "--files", "a.csv");
    assertThat(forced.get("numFilesLoaded").asLong()).isEqualTo(1);
    assertThat(rows()).containsExactly("1,ann,1.5", "1,ann,1.5", "2,bob,2.5", "2,bob,2.5", "3,cid,3.5", "4,dan,4.5",
        "5,eve,5.5", "6,fay,6.5");
  }

  @Test
  void theCommitSaysWhatWasLoaded() throws Exception {
    copy();
    JsonNode last = Json.parse(TestCli.run("history", table.toString(), "-n", "1", "-o", "json").out()).get(0);
    assertThat(last.get("operation").asText()).isEqualTo("WRITE");
    if (CONNECT) {
      // the last of three commits, sub/c.csv's, tagged with the run they belong to
      assertThat(last.get("operationMetrics").get("numOutputRows").asText()).isEqualTo("2");
      assertThat(last.get("userMetadata").asText()).matches(java.util.regex.Pattern.quote("{\"copyInto\":{\"source\":\""
          + "file://" + src + "\",\"format\":\"csv\",\"file\":\"sub/c.csv\",\"numBadRecords\":0,\"bytesRead\":"
          + Files.size(src.resolve("sub/c.csv")) + ",\"runId\":\"") + "[0-9a-f-]{36}\"}}");
      return;
    }
    assertThat(last.get("operationMetrics").get("numOutputRows").asText()).isEqualTo("5");
    assertThat(last.get("userMetadata").asText()).isEqualTo("{\"copyInto\":{\"source\":\"file://" + src
        + "\",\"format\":\"csv\",\"numFilesLoaded\":3,\"numFilesSkipped\":0,\"numRowsInserted\":5,"
        + "\"numBadRecords\":0,\"bytesRead\":" + first3Bytes() + "}}");
  }

  private long first3Bytes() {
    try {
      return Files.size(src.resolve("a.csv")) + Files.size(src.resolve("b.csv")) + Files.size(src.resolve("sub/c.csv"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void anEmptyFileIsReportedAndNotMarkedLoaded() throws Exception {
    Files.writeString(src.resolve("empty.csv"), "");
    TestCli.Run r = TestCli.run("copy-into", table.toString(), "--from", src.toString(), "--format", "csv",
        "--format-option", "header=true", "-o", "json");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).isEqualTo("note: not loaded: empty.csv (empty file)\n");
    assertThat(Json.parse(r.out()).get("numFilesLoaded").asLong()).isEqualTo(3);
    Files.writeString(src.resolve("empty.csv"), "id,name,amount\n9,zoe,9.5\n");
    JsonNode later = copy();
    assertThat(later.get("filesLoaded").toString()).isEqualTo("[\"empty.csv\"]");
    assertThat(rows()).hasSize(6);
  }

  @Test
  void filesAndPatternSelectExactlyTheirFiles() {
    assertThat(copy("--files", "b.csv,sub/c.csv").get("filesLoaded").toString())
        .isEqualTo("[\"b.csv\",\"sub/c.csv\"]");
    assertThat(copy("--pattern", "*.csv").get("filesLoaded").toString()).isEqualTo("[\"a.csv\"]");
    assertThat(rows()).hasSize(5);
    TestCli.Run both = TestCli.run("copy-into", table.toString(), "--from", src.toString(), "--format", "csv",
        "--files", "a.csv", "--pattern", "*.csv");
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.err()).isEqualTo("error: --files and --pattern select files in different ways; give one of them\n");
    TestCli.Run missing = TestCli.run("copy-into", table.toString(), "--from", src.toString(), "--format", "csv",
        "--files", "nope.csv");
    assertThat(missing.exitCode()).isEqualTo(3);
    assertThat(missing.err()).isEqualTo("error: --files: no file nope.csv in " + src + "\n");
  }

  @Test
  @Tag(TestCli.MATRIX)
  void selectShapesTheRowsAndCanRecordTheSourceFile() {
    assertThat(TestCli.run("create", tmp.resolve("t2").toString(), "--schema", "id BIGINT, name STRING, src STRING",
        "-q").exitCode()).isZero();
    TestCli.Run r = TestCli.run("copy-into", tmp.resolve("t2").toString(), "--from", src.toString(), "--format", "csv",
        "--format-option", "header=true", "--files", "a.csv", "--select",
        "CAST(id AS BIGINT) AS id, upper(name) AS name, _metadata.file_name AS src", "-q");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    TestCli.Run q = TestCli.run("sql", "SELECT * FROM delta.`" + tmp.resolve("t2") + "` ORDER BY id", "-o", "csv");
    assertThat(q.out()).isEqualTo("id,name,src\r\n1,ANN,a.csv\r\n2,BOB,a.csv\r\n");
  }

  @Test
  @Tag(TestCli.MATRIX)
  void narrowerColumnsLoadIntoWiderOnesAndATypeTheTableCannotTakeIsRefusedInTheUsersWords() throws Exception {
    // CSV with inferSchema reads id as INT: the table's BIGINT column takes it, as an INSERT would (and a
    // validation shows the rows as they would load, with the table's types)
    JsonNode preview = copy("--format-option", "inferSchema=true", "--validate", "1");
    assertThat(preview.get("status").asText()).isEqualTo("VALIDATED");
    assertThat(preview.get("preview").get("columns").get(0).get("type").asText()).isEqualTo("BIGINT");
    JsonNode inferred = copy("--format-option", "inferSchema=true");
    assertThat(inferred.get("numFilesLoaded").asLong()).isEqualTo(3);
    assertThat(inferred.get("numRowsInserted").asLong()).isEqualTo(5);
    // so does a Parquet file's TINYINT column named in other case, and a SMALLINT into a DOUBLE
    Path pq = tmp.resolve("pq");
    assertThat(TestCli.run("sql", "INSERT OVERWRITE DIRECTORY '" + pq + "' USING parquet SELECT CAST(6 AS TINYINT) AS"
        + " ID, 'fay' AS name, CAST(6 AS SMALLINT) AS amount", "-q").exitCode()).isZero();
    TestCli.Run parquet = TestCli.run("copy-into", table.toString(), "--from", pq.toString(), "--format", "parquet",
        "-q");
    assertThat(parquet.exitCode()).as(parquet.toString()).isZero();
    assertThat(rows()).containsExactly("1,ann,1.5", "2,bob,2.5", "3,cid,3.5", "4,dan,4.5", "5,eve,5.5", "6,fay,6.0");
    TestCli.Run schema = TestCli.run("describe", table.toString(), "-o", "json");
    assertThat(Json.parse(schema.out()).get("schema").toString()).contains("{\"name\":\"id\",\"type\":\"BIGINT\"")
        .contains("{\"name\":\"amount\",\"type\":\"DOUBLE\"");
    long loaded = version();
    // a BIGINT does not go into a DOUBLE, which would round it (9007199254740993 is 2^53 + 1)
    Path big = Files.createDirectories(tmp.resolve("big"));
    Files.writeString(big.resolve("b.json"), "{\"id\": 7, \"name\": \"gus\", \"amount\": 9007199254740993}\n");
    TestCli.Run rounded = TestCli.run("copy-into", table.toString(), "--from", big.toString(), "--format", "json");
    assertThat(rounded.exitCode()).as(rounded.toString()).isEqualTo(2);
    assertThat(rounded.err()).isEqualTo("error: the source does not match the table's schema: amount BIGINT (the"
        + " table has DOUBLE); use --merge-schema to add new columns, or --select to shape the rows\n");
    assertThat(version()).isEqualTo(loaded);

    // a wider type than the table's: refused before any work without --merge-schema, by Delta with it (merging
    // adds columns, it does not change a type); both in the user's words, exit 2, the table unchanged
    Path narrow = tmp.resolve("narrow");
    assertThat(TestCli.run("create", narrow.toString(), "--schema", "id INT, name STRING", "-q").exitCode()).isZero();
    Path wide = Files.createDirectories(tmp.resolve("wide"));
    Files.writeString(wide.resolve("w.json"), "{\"id\": 9, \"name\": \"zed\"}\n");
    TestCli.Run refused = TestCli.run("copy-into", narrow.toString(), "--from", wide.toString(), "--format", "json");
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
    assertThat(refused.err()).isEqualTo("error: the source does not match the table's schema: id BIGINT (the table"
        + " has INT); use --merge-schema to add new columns, or --select to shape the rows\n");
    TestCli.Run merged = TestCli.run("copy-into", narrow.toString(), "--from", wide.toString(), "--format", "json",
        "--merge-schema");
    assertThat(merged.exitCode()).as(merged.toString()).isEqualTo(2);
    // (over Spark Connect Delta's message parameters do not reach the client: the column is not named)
    assertThat(merged.err()).isEqualTo("error: " + (CONNECT ? "a column" : "the column id") + " of the rows has a"
        + " type that the table's column cannot take; cast it to the table's type\n");
    assertThat(Json.parse(TestCli.run("describe", narrow.toString(), "-o", "json").out()).get("version").asLong())
        .isZero();
    TestCli.Run cast = TestCli.run("copy-into", narrow.toString(), "--from", wide.toString(), "--format", "json",
        "--select", "CAST(id AS INT) AS id, name", "-q");
    assertThat(cast.exitCode()).as(cast.toString()).isZero();
    TestCli.Run q = TestCli.run("sql", "SELECT * FROM delta.`" + narrow + "`", "-o", "csv");
    assertThat(q.out()).isEqualTo("id,name\r\n9,zed\r\n");
    assertThat(Json.parse(TestCli.run("describe", narrow.toString(), "-o", "json").out()).get("version").asLong())
        .isEqualTo(1);
  }

  @Test
  void newColumnsNeedMergeSchema() throws Exception {
    Path wide = Files.createDirectories(tmp.resolve("wide"));
    Files.writeString(wide.resolve("w.json"), "{\"id\": 9, \"name\": \"zed\", \"amount\": 9.5, \"region\": \"eu\"}\n");
    TestCli.Run refused = TestCli.run("copy-into", table.toString(), "--from", wide.toString(), "--format", "json");
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
    assertThat(refused.err()).isEqualTo("error: the source does not match the table's schema: region STRING (not in"
        + " the table); use --merge-schema to add new columns, or --select to shape the rows\n");
    assertThat(version()).isZero();
    TestCli.Run merged = TestCli.run("copy-into", table.toString(), "--from", wide.toString(), "--format", "json",
        "--merge-schema", "-q");
    assertThat(merged.exitCode()).as(merged.toString()).isZero();
    TestCli.Run q = TestCli.run("sql", "SELECT id, region FROM delta.`" + table + "`", "-o", "csv");
    assertThat(q.out()).isEqualTo("id,region\r\n9,eu\r\n");
  }

  @Test
  void validateLoadsNothingAndBadRecordsLoadNothing() throws Exception {
    JsonNode v = copy("--validate", "2");
    assertThat(v.get("status").asText()).isEqualTo("VALIDATED");
    assertThat(v.get("numRowsInserted").asLong()).isEqualTo(5);
    assertThat(v.get("preview").get("rows").size()).isEqualTo(2);
    assertThat(version()).isZero();

    csv("bad.csv", "7,gus,not-a-number");
    TestCli.Run r = TestCli.run("copy-into", table.toString(), "--from", src.toString(), "--format", "csv",
        "--format-option", "header=true");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("error: cannot load " + src.resolve("bad.csv") + ": a record does not parse as"
        + " the table's columns (the value 'not-a-number' is not a number); nothing was loaded"
        + " (check the files with --validate, or use --on-error)\n");
    assertThat(version()).isZero();
    assertThat(rows()).isEmpty();
  }

  @Test
  void skipFileLoadsTheGoodFilesAndLeavesTheBadOneUnloaded() throws Exception {
    csv("bad.csv", "7,gus,not-a-number", "8,hal,8.5");
    TestCli.Run r = TestCli.run("copy-into", table.toString(), "--from", src.toString(), "--format", "csv",
        "--format-option", "header=true", "--on-error", "skip-file", "-o", "json");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode j = Json.parse(r.out());
    assertThat(j.get("numFilesLoaded").asLong()).isEqualTo(3);
    assertThat(j.get("numRowsInserted").asLong()).isEqualTo(5);
    assertThat(j.get("filesRejected").toString()).isEqualTo("[{\"file\":\"bad.csv\",\"reason\":\"1 record does not"
        + " parse as the table's columns\"}]");
    assertThat(r.err()).isEqualTo("note: not loaded: bad.csv (1 record does not parse as the table's columns)\n");
    csv("bad.csv", "7,gus,7.5", "8,hal,8.5");
    assertThat(copy().get("filesLoaded").toString()).isEqualTo("[\"bad.csv\"]");
    assertThat(rows()).hasSize(7);
  }

  @Test
  void aSelectThatFailsOnALaterFileLoadsNothing() {
    // the value that --select cannot convert is in the last file: nothing of the earlier ones is committed
    TestCli.Run r = TestCli.run("copy-into", table.toString(), "--from", src.toString(), "--format", "csv",
        "--format-option", "header=true", "--on-error", "skip-file", "--select",
        "CAST(IF(name = 'eve', 'oops', id) AS BIGINT) AS id, name, CAST(amount AS DOUBLE) AS amount");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).startsWith("error: [CAST_INVALID_INPUT] The value 'oops' of the type \"STRING\" cannot be cast");
    assertThat(version()).isZero();
    assertThat(rows()).isEmpty();
  }

  @Test
  void validateWhenEveryFileIsRejectedPreviewsNothing() throws Exception {
    Path only = Files.createDirectories(tmp.resolve("only-bad"));
    Files.writeString(only.resolve("x.json"), "{broken\n");
    TestCli.Run r = TestCli.run("copy-into", table.toString(), "--from", only.toString(), "--format", "json",
        "--on-error", "skip-file", "--validate", "-o", "json");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode j = Json.parse(r.out());
    assertThat(j.get("status").asText()).isEqualTo("VALIDATED");
    assertThat(j.get("numRowsInserted").asLong()).isZero();
    assertThat(j.get("filesRejected").get(0).get("file").asText()).isEqualTo("x.json");
    assertThat(version()).isZero();
  }

  @Test
  void badRecordsLoadsWhatParsesAndWritesTheRestAside() throws Exception {
    csv("bad.csv", "7,gus,not-a-number", "8,hal,8.5");
    Path aside = tmp.resolve("bad-records");
    JsonNode j = copy("--on-error", "bad-records=" + aside);
    assertThat(j.get("numFilesLoaded").asLong()).isEqualTo(4);
    assertThat(j.get("numRowsInserted").asLong()).isEqualTo(6);
    assertThat(j.get("numBadRecords").asLong()).isEqualTo(1);
    assertThat(rows()).contains("8,hal,8.5").doesNotContain("7,gus,");
    TestCli.Run q = TestCli.run("sql", "SELECT file, record, reason FROM json.`" + aside + "`", "-o", "csv");
    assertThat(q.out()).isEqualTo("file,record,reason\r\nfile:" + src.resolve("bad.csv")
        + ",\"7,gus,not-a-number\",does not parse as the table's columns\r\n");
    TestCli.Run wrong = TestCli.run("copy-into", table.toString(), "--from", src.toString(), "--format", "csv",
        "--on-error", "bad-records");
    assertThat(wrong.exitCode()).isEqualTo(2);
    assertThat(wrong.err()).startsWith("error: --on-error takes fail, skip-file or bad-records=PATH; got 'bad-records'\n");
  }

  @Test
  @Tag(TestCli.MATRIX)
  @Tag(TestCli.NOT_ON_CLUSTER)
  void theRecordOfLoadedFilesSurvivesOptimizeAndVacuum() {
    copy("--files", "a.csv");
    copy("--files", "b.csv");
    assertThat(TestCli.run("optimize", table.toString(), "-q").exitCode()).isZero();
    assertThat(TestCli.run("vacuum", table.toString(), "--retain", "0h", "--force", "-q").exitCode()).isZero();
    JsonNode again = copy();
    assertThat(again.get("numFilesSkipped").asLong()).isEqualTo(2);
    assertThat(again.get("filesLoaded").toString()).isEqualTo("[\"sub/c.csv\"]");
    assertThat(rows()).hasSize(5);
  }

  @Test
  void aMissingTableIsExit3UnlessCreated() {
    Path t = tmp.resolve("new");
    TestCli.Run r = TestCli.run("copy-into", t.toString(), "--from", src.toString(), "--format", "csv");
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err()).isEqualTo("error: path not found: " + t + "\n");
    TestCli.Run c = TestCli.run("copy-into", t.toString(), "--from", src.toString(), "--format", "csv",
        "--format-option", "header=true", "--format-option", "inferSchema=true", "--create-if-missing", "-o", "json");
    assertThat(c.exitCode()).as(c.toString()).isZero();
    assertThat(Json.parse(c.out()).get("numRowsInserted").asLong()).isEqualTo(5);
    TestCli.Run d = TestCli.run("describe", t.toString(), "-o", "json");
    assertThat(Json.parse(d.out()).get("schema").toString())
        .contains("{\"name\":\"id\",\"type\":\"INT\"", "{\"name\":\"amount\",\"type\":\"DOUBLE\"");
  }

  @Test
  void parquetFilesLoadByColumnName() {
    Path pq = tmp.resolve("pq");
    assertThat(TestCli.run("sql", "INSERT OVERWRITE DIRECTORY '" + pq + "' USING parquet SELECT 'x' AS name,"
        + " CAST(42 AS BIGINT) AS id, CAST(0.5 AS DOUBLE) AS amount", "-q").exitCode()).isZero();
    TestCli.Run r = TestCli.run("copy-into", table.toString(), "--from", pq.toString(), "--format", "parquet", "-q");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(rows()).containsExactly("42,x,0.5");
  }

  @Test
  void aParquetFileThatDoesNotReadFailsTheRunOrIsSkippedOrSetAside() throws Exception {
    Path pq = tmp.resolve("pq");
    assertThat(TestCli.run("sql", "INSERT OVERWRITE DIRECTORY '" + pq + "' USING parquet SELECT /*+ REPARTITION(1) */"
        + " CAST(id AS BIGINT) AS id, 'x' AS name, CAST(0.5 AS DOUBLE) AS amount FROM range(3)", "-q").exitCode()).isZero();
    Path broken = pq.resolve("a-broken.parquet");
    Files.writeString(broken, "not parquet at all");
    String[] base = {"copy-into", table.toString(), "--from", pq.toString(), "--format", "parquet"};
    TestCli.Run fail = TestCli.run(base);
    assertThat(fail.exitCode()).as(fail.toString()).isEqualTo(2);
    assertThat(fail.err()).startsWith("error: cannot load " + broken + ": the file does not read (")
        .endsWith("); nothing was loaded (check the files with --validate, or use --on-error)\n");
    assertThat(version()).isZero();

    TestCli.Run check = TestCli.run(concat(base, "--on-error", "skip-file", "--validate", "-o", "json"));
    assertThat(check.exitCode()).as(check.toString()).isZero();
    assertThat(Json.parse(check.out()).get("numRowsInserted").asLong()).isEqualTo(3);
    assertThat(version()).isZero();

    TestCli.Run skip = TestCli.run(concat(base, "--on-error", "skip-file", "-o", "json"));
    assertThat(skip.exitCode()).as(skip.toString()).isZero();
    JsonNode j = Json.parse(skip.out());
    assertThat(j.get("numFilesLoaded").asLong()).isEqualTo(1);
    assertThat(j.get("numRowsInserted").asLong()).isEqualTo(3);
    assertThat(j.get("filesRejected").get(0).get("file").asText()).isEqualTo("a-broken.parquet");
    assertThat(j.get("filesRejected").get(0).get("reason").asText())
        .isEqualTo("not a Parquet file (no Parquet footer at its end)");
    assertThat(rows()).containsExactly("0,x,0.5", "1,x,0.5", "2,x,0.5");

    Path aside = tmp.resolve("aside");
    JsonNode again = Json.parse(TestCli.run(concat(base, "--on-error", "bad-records=" + aside, "-o", "json")).out());
    assertThat(again.get("numFilesSkipped").asLong()).isEqualTo(1);
    assertThat(again.get("numFilesLoaded").asLong()).isZero();
    TestCli.Run q = TestCli.run("sql", "SELECT file, record, reason = 'not a Parquet file (no Parquet footer at its end)' AS why FROM json.`" + aside
        + "`", "-o", "csv", "-q");
    assertThat(q.out()).as(q.toString()).isEqualTo("file,record,why\r\nfile:" + broken + ",,true\r\n");
  }

  @Test
  void badRecordsWorksWithSelect() throws Exception {
    csv("bad.csv", "7,gus,not-a-number", "8,hal,8.5");
    Path aside = tmp.resolve("bad-records");
    TestCli.Run r = TestCli.run("copy-into", table.toString(), "--from", src.toString(), "--format", "json",
        "--files", "x.json", "-q");
    Files.writeString(src.resolve("x.json"), "{\"id\": 1, \"name\": \"a\"}\n{broken\n{\"id\": 2, \"name\": \"b\"}\n");
    r = TestCli.run("copy-into", table.toString(), "--from", src.toString(), "--format", "json", "--files", "x.json",
        "--select", "id, upper(name) AS name, CAST(length(_metadata.file_name) AS DOUBLE) AS amount",
        "--on-error", "bad-records=" + aside, "-o", "json");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode j = Json.parse(r.out());
    assertThat(j.get("numRowsInserted").asLong()).isEqualTo(2);
    assertThat(j.get("numBadRecords").asLong()).isEqualTo(1);
    assertThat(rows()).containsExactly("1,A,6.0", "2,B,6.0");
    TestCli.Run q = TestCli.run("sql", "SELECT file, record FROM json.`" + aside + "`", "-o", "csv", "-q");
    assertThat(q.out()).isEqualTo("file,record\r\nfile:" + src.resolve("x.json") + ",{broken\r\n");
  }

  /**
   * A table that lets its record of loaded files expire (Delta's delta.setTransactionRetentionDuration): Delta
   * drops a file's record once it is older than that; copy-into does not load a file last modified before
   * the record reaches back, so a file whose record expired is not loaded twice, and says why; --force loads it.
   */
  @Test
  void whereTheRecordExpiresAFileOlderThanItIsNotLoadedTwice() throws Exception {
    assertThat(TestCli.run("properties", "set", table.toString(),
        "delta.setTransactionRetentionDuration=interval 8 days", "-q").exitCode()).isZero();
    long nineDaysAgo = System.currentTimeMillis() - 9L * 86_400_000L; // before the record reaches back
    for (String name : List.of("a.csv", "b.csv")) {
      Files.setLastModifiedTime(src.resolve(name), java.nio.file.attribute.FileTime.fromMillis(nineDaysAgo));
    }
    // a.csv was loaded nine days ago: loaded now with --force, then its record dated back, as Delta keeps it
    JsonNode forced = copy("--force", "--files", "a.csv");
    assertThat(forced.get("numFilesLoaded").asLong()).isEqualTo(1);
    Path log = table.resolve("_delta_log");
    String txn = Files.readAllLines(log.resolve(String.format("%020d.json", 2))).stream()
        .filter(l -> l.startsWith("{\"txn\"")).findFirst().orElseThrow();
    String id = Json.parse(txn).get("txn").get("appId").asText();
    Files.writeString(log.resolve(String.format("%020d.json", 3)), txn.replaceFirst("\"lastUpdated\":\\d+",
        "\"lastUpdated\":" + nineDaysAgo) + "\n");
    org.apache.spark.sql.delta.DeltaLog.clearCache();
    // Delta itself has dropped it (embedded Spark, the only engine this test runs on)
    assertThat(org.apache.spark.sql.delta.DeltaLog.forTable(org.apache.spark.sql.SparkSession.active(),
        table.toString()).update(false, scala.Option.empty(), scala.Option.empty()).transactions().contains(id))
        .isFalse();

    TestCli.Run r = TestCli.run("copy-into", table.toString(), "--from", src.toString(), "--format", "csv",
        "--format-option", "header=true", "-o", "json");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode j = Json.parse(r.out());
    assertThat(j.get("filesLoaded").toString()).isEqualTo("[\"sub/c.csv\"]");
    String why = "last modified before the table's record of loaded files reaches back"
        + " (delta.setTransactionRetentionDuration): if it was loaded, its record has expired; --force loads it"
        + " (with --files for it alone)";
    assertThat(j.get("filesRejected").toString()).isEqualTo("[{\"file\":\"a.csv\",\"reason\":\"" + why
        + "\"},{\"file\":\"b.csv\",\"reason\":\"" + why + "\"}]");
    assertThat(r.err()).contains("note: not loaded: a.csv (" + why + ")");
    assertThat(rows()).containsExactly("1,ann,1.5", "2,bob,2.5", "4,dan,4.5", "5,eve,5.5");

    // b.csv was never loaded: the user says so
    assertThat(copy("--force", "--files", "b.csv").get("numFilesLoaded").asLong()).isEqualTo(1);
    assertThat(rows()).containsExactly("1,ann,1.5", "2,bob,2.5", "3,cid,3.5", "4,dan,4.5", "5,eve,5.5");
    JsonNode again = copy();
    assertThat(again.get("numFilesLoaded").asLong()).isZero();
    assertThat(again.get("numFilesSkipped").asLong()).isEqualTo(2); // b.csv, sub/c.csv: recorded now
  }

  @Test
  void aRecordKeptLessThanAWeekIsRefused() {
    assertThat(TestCli.run("sql", "ALTER TABLE delta.`" + table + "` SET TBLPROPERTIES"
        + " ('delta.setTransactionRetentionDuration' = 'interval 6 days')", "-q").exitCode()).isZero();
    TestCli.Run r = TestCli.run("copy-into", table.toString(), "--from", src.toString(), "--format", "csv");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("error: the table's delta.setTransactionRetentionDuration (144h) is shorter than"
        + " copy-into's record of loaded files needs: at least 168h\n");
    assertThat(version()).isEqualTo(1);
  }

  private static String[] concat(String[] a, String... b) {
    List<String> out = new ArrayList<>(List.of(a));
    out.addAll(List.of(b));
    return out.toArray(String[]::new);
  }

  // ---------------------------------------------------------------- identity and selection (full locations)

  private TestCli.Run copyFrom(String from, String... extra) {
    List<String> args = new ArrayList<>(List.of("copy-into", table.toString(), "--from", from, "--format", "csv",
        "--format-option", "header=true", "-o", "json"));
    args.addAll(List.of(extra));
    return TestCli.run(args.toArray(String[]::new));
  }

  @Test
  void dailyFoldersWithTheSameFileNamesLoadEachFile() throws Exception {
    Path day1 = Files.createDirectories(tmp.resolve("days/day1"));
    Path day2 = Files.createDirectories(tmp.resolve("days/day2"));
    Files.writeString(day1.resolve("data.csv"), "id,name,amount\n10,ann,1.0\n");
    Files.writeString(day2.resolve("data.csv"), "id,name,amount\n20,bob,2.0\n");
    TestCli.Run first = copyFrom(day1.toString());
    assertThat(first.exitCode()).as(first.toString()).isZero();
    TestCli.Run second = copyFrom(day2.toString());
    assertThat(second.exitCode()).as(second.toString()).isZero();
    JsonNode j = Json.parse(second.out());
    assertThat(j.get("status").asText()).isEqualTo("LOADED");
    assertThat(j.get("filesLoaded").toString()).isEqualTo("[\"data.csv\"]");
    assertThat(rows()).containsExactly("10,ann,1.0", "20,bob,2.0");
    long v = version();
    // every spelling of a folder already loaded loads nothing more
    Path link = Files.createSymbolicLink(tmp.resolve("today"), day2);
    for (String spelling : List.of(day1 + "/", "file:" + day1, "file://" + day2 + "//", tmp + "/days/./day2",
        tmp + "/days/day1/../day2", link.toString())) {
      TestCli.Run again = copyFrom(spelling);
      assertThat(again.exitCode()).as(spelling + again).isZero();
      assertThat(Json.parse(again.out()).get("status").asText()).as(spelling).isEqualTo("NOTHING_TO_LOAD");
    }
    // the parent folder names the same files (by location) under other relative names: nothing to load
    TestCli.Run parent = copyFrom(tmp.resolve("days").toString());
    assertThat(Json.parse(parent.out()).get("numFilesSkipped").asLong()).as(parent.toString()).isEqualTo(2);
    assertThat(version()).isEqualTo(v);
    assertThat(rows()).containsExactly("10,ann,1.0", "20,bob,2.0");
  }

  @Test
  void filesAndPatternsOutsideTheFolderAreRefusedAndTheTableIsUnchanged() throws Exception {
    Path outside = Files.writeString(tmp.resolve("outside.csv"), "id,name,amount\n99,eve,9.0\n");
    Files.createSymbolicLink(src.resolve("link.csv"), outside);
    long v = version();
    String tail = " " + src + "; only files inside the folder are loaded\n";
    String[][] cases = {
        {"--files", "../outside.csv", "error: --files: ../outside.csv is outside --from" + tail},
        {"--files", "sub/../../outside.csv", "error: --files: sub/../../outside.csv is outside --from" + tail},
        {"--files", outside.toString(), "error: --files: " + outside + " is not a path relative to --from" + tail},
        {"--files", "link.csv", "error: --files: link.csv is a link to a file outside --from (" + outside + ")" + tail},
        {"--pattern", "../*.csv", "error: --pattern: ../*.csv reaches outside --from; give a glob relative to the"
            + " folder" + tail},
        {"--pattern", "*.csv", "error: --pattern: link.csv is a link to a file outside --from (" + outside + ")" + tail},
    };
    for (String[] c : cases) {
      TestCli.Run r = copyFrom(src.toString(), c[0], c[1]);
      assertThat(r.exitCode()).as(String.join(" ", c)).isEqualTo(2);
      assertThat(r.err()).isEqualTo(c[2]);
      assertThat(r.out()).isEmpty();
    }
    TestCli.Run all = copyFrom(src.toString());
    assertThat(all.exitCode()).isEqualTo(2);
    assertThat(all.err()).isEqualTo("error: --from: link.csv is a link to a file outside --from (" + outside + ")"
        + tail);
    assertThat(version()).isEqualTo(v);
    assertThat(rows()).isEmpty();
  }

  @Test
  void aTableLoadedWithRelativeRecordsKeepsLoadingEachFileOnce() throws Exception {
    // written by the release that identified a file by its path relative to --from: --from landing/day1 loaded
    // data.csv (modified 2026-11-20T10:00Z) and sub/more.csv (10:05Z), with rows 1,ann 2,bob 3,cid
    Path legacy = tmp.resolve("legacy");
    copyTree(Path.of(System.getProperty("testdata.dir", "../testdata"), "copy-into-legacy/table"), legacy);
    Path day1 = Files.createDirectories(tmp.resolve("x/landing/day1/sub"));
    day1 = day1.getParent();
    Files.writeString(day1.resolve("data.csv"), "id,name\n1,ann\n2,bob\n");
    Files.writeString(day1.resolve("sub/more.csv"), "id,name\n3,cid\n");
    Files.setLastModifiedTime(day1.resolve("data.csv"), java.nio.file.attribute.FileTime.fromMillis(1795168800000L));
    Files.setLastModifiedTime(day1.resolve("sub/more.csv"), java.nio.file.attribute.FileTime.fromMillis(1795169100000L));
    Files.writeString(day1.resolve("new.csv"), "id,name\n4,dan\n");
    Path day2 = Files.createDirectories(tmp.resolve("x/landing/day2"));
    Files.writeString(day2.resolve("data.csv"), "id,name\n5,eve\n");

    TestCli.Run one = TestCli.run("copy-into", legacy.toString(), "--from", day1.toString(), "--format", "csv",
        "--format-option", "header=true", "-o", "json");
    assertThat(one.exitCode()).as(one.toString()).isZero();
    assertThat(Json.parse(one.out()).get("filesLoaded").toString()).isEqualTo("[\"new.csv\"]");
    assertThat(Json.parse(one.out()).get("numFilesSkipped").asLong()).isEqualTo(2);
    // another day's data.csv is another file
    TestCli.Run two = TestCli.run("copy-into", legacy.toString(), "--from", day2.toString(), "--format", "csv",
        "--format-option", "header=true", "-o", "json");
    assertThat(two.exitCode()).as(two.toString()).isZero();
    assertThat(Json.parse(two.out()).get("filesLoaded").toString()).isEqualTo("[\"data.csv\"]");
    // day1's data.csv changed in place (touched): still the file loaded then, skipped as before
    Files.setLastModifiedTime(day1.resolve("data.csv"), java.nio.file.attribute.FileTime.fromMillis(1795170000000L));
    TestCli.Run three = TestCli.run("copy-into", legacy.toString(), "--from", day1.toString(), "--format", "csv",
        "--format-option", "header=true", "-o", "json");
    assertThat(three.exitCode()).as(three.toString()).isZero();
    assertThat(Json.parse(three.out()).get("status").asText()).isEqualTo("NOTHING_TO_LOAD");
    TestCli.Run rows = TestCli.run("sql", "SELECT * FROM delta.`" + legacy + "` ORDER BY id", "-o", "csv");
    assertThat(rows.out().lines().skip(1).toList()).containsExactly("1,ann", "2,bob", "3,cid", "4,dan", "5,eve");
  }

  @Test
  void aFileThatDoesNotLoadIsNamedWithItsValueInTheUsersWordsAndNothingMoreOfIt() throws Exception {
    Path dated = tmp.resolve("dated");
    assertThat(TestCli.run("create", dated.toString(), "--schema", "id BIGINT, day DATE", "-q").exitCode()).isZero();
    Path in = Files.createDirectories(tmp.resolve("in"));
    Path pq = Files.createDirectories(tmp.resolve("pq"));
    Path js = Files.createDirectories(tmp.resolve("js"));
    Files.writeString(in.resolve("a.csv"), "1,2026-11-20\n2,2026-13-45\n");
    Files.writeString(pq.resolve("broken.parquet"), "PAR1 this is not parquet at all");
    Files.writeString(js.resolve("x.json"), "{\"id\": 1}\n{\"id\": oops-secret-content}\n");
    Path passwd = Files.createDirectories(tmp.resolve("etc"));
    Files.writeString(passwd.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash:SECRET-TAIL-NOT-SHOWN\n");
    Path text = Files.createDirectories(tmp.resolve("text"));
    Files.writeString(text.resolve("t.csv"), "root:x:0:0:root:/root:/bin/bash:SECRET-TAIL,2026-01-01\n");
    String[][] cases = {
        {in.toString(), "csv", "error: cannot load " + in.resolve("a.csv") + ": a record does not parse as the table's"
            + " columns (the value '2026-13-45' is not a valid date or timestamp); nothing was loaded (check the files"
            + " with --validate, or use --on-error)\n"},
        {passwd.toString(), "csv", "error: cannot load " + passwd.resolve("passwd") + ": a record does not parse as the"
            + " table's columns (a line does not split into the table's columns); nothing was loaded (check the"
            + " files with --validate, or use --on-error)\n"},
        {text.toString(), "csv", "error: cannot load " + text.resolve("t.csv") + ": a record does not parse as the"
            + " table's columns (the value 'root:x:0:0:root:/root:/b...' is not a number); nothing was loaded (check the"
            + " files with --validate, or use --on-error)\n"},
        {pq.toString(), "parquet", "error: cannot load " + pq.resolve("broken.parquet") + ": the file does not read"
            + " (not a Parquet file (no Parquet footer at its end)); nothing was loaded (check the files with"
            + " --validate, or use --on-error)\n"},
        {js.toString(), "json", ""},
    };
    for (String[] c : cases) {
      TestCli.Run r = TestCli.run("copy-into", dated.toString(), "--from", c[0], "--format", c[1]);
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
      assertThat(r.err()).doesNotContain("Exception").doesNotContain("SECRET").doesNotContain("oops")
          .doesNotContain("java.").hasLineCount(1);
      if (!c[2].isEmpty()) {
        assertThat(r.err()).isEqualTo(c[2]);
      }
    }
    TestCli.Run d = TestCli.run("describe", dated.toString(), "-o", "json");
    assertThat(Json.parse(d.out()).get("version").asLong()).isZero();
  }

  private static void copyTree(Path from, Path to) throws java.io.IOException {
    try (var files = Files.walk(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Files.copy(p, to.resolve(from.relativize(p).toString()));
      }
    }
  }
}
