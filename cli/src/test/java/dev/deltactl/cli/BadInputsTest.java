package dev.deltactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input as a careless or hostile user types it, across the commands: each is refused with one line on
 * stderr, the documented exit code (2 bad input, 3 not found or not a Delta table), no Java class name or
 * stack trace, and leaves the bytes of every table exactly as they were.
 */
class BadInputsTest {
  @TempDir static Path tmp;
  static Path tables;
  static String t;
  static String plain;
  static String feed;
  static Path src;

  @BeforeAll
  static void tables() throws Exception {
    tables = Files.createDirectories(tmp.resolve("tables"));
    t = tables.resolve("sales").toString();
    plain = tables.resolve("plain").toString();
    ok("create", t, "--schema", "id BIGINT, name STRING, region STRING, day DATE", "--partitioned-by", "region");
    ok("sql", "INSERT INTO delta.`" + t + "` VALUES (1, 'ann', 'eu', DATE'2026-11-01'), (2, 'bob', 'us', DATE'2026-11-02')");
    ok("sql", "INSERT INTO delta.`" + t + "` VALUES (3, 'cid', 'eu', DATE'2026-11-03')");
    feed = tables.resolve("feed").toString();
    ok("sql", "CREATE TABLE delta.`" + feed + "` (id BIGINT, name STRING) USING delta"
        + " TBLPROPERTIES (delta.enableChangeDataFeed = true)");
    ok("sql", "INSERT INTO delta.`" + feed + "` VALUES (1, 'a')");
    ok("create", plain, "--schema", "id BIGINT, name STRING");
    ok("sql", "INSERT INTO delta.`" + plain + "` VALUES (1, 'a'), (2, 'b')");
    Files.createDirectories(tables.resolve("not-delta"));
    Files.writeString(tables.resolve("not-delta/x.csv"), "1,a\n");
    src = Files.createDirectories(tmp.resolve("src"));
    for (String d : List.of("csv", "json", "parquet", "orc", "avro", "truncated-parquet", "empty-lines")) {
      Files.createDirectories(src.resolve(d));
    }
    Files.writeString(src.resolve("csv/a.csv"), "id,name\n1,ann\nnot-a-number,bob\n");
    Files.writeString(src.resolve("no-tables.txt"), "# a list of tables with none in it\n\n");
    Files.writeString(src.resolve("json/a.json"), "{\"id\": 1, \"name\": \"ann\"}\n{\"id\": \n");
    Files.writeString(src.resolve("parquet/a.parquet"), "this is not parquet");
    Files.writeString(src.resolve("orc/a.orc"), "this is not orc");
    Files.writeString(src.resolve("avro/a.avro"), "this is not avro");
    Path real = tmp.resolve("real-parquet");
    ok("sql", "INSERT OVERWRITE DIRECTORY '" + real + "' USING parquet SELECT /*+ REPARTITION(1) */ CAST(id AS BIGINT)"
        + " AS id, 'x' AS name FROM range(100)");
    try (Stream<Path> s = Files.list(real)) {
      Path one = s.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
      byte[] bytes = Files.readAllBytes(one);
      Files.write(src.resolve("truncated-parquet/a.parquet"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
    }
  }

  private static void ok(String... args) {
    TestCli.Run r = TestCli.run(args);
    assertThat(r.exitCode()).as(r.toString()).isZero();
  }

  record Case(String kind, int exit, List<String> args) {}

  private static final List<Case> CASES = new ArrayList<>();

  private static void add(String kind, int exit, String... args) {
    CASES.add(new Case(kind, exit, List.of(args)));
  }

  static List<Case> cases() {
    CASES.clear();
    String notDelta = tables.resolve("not-delta").toString();
    String missing = tables.resolve("no-such-table").toString();
    // tables that are not there, not Delta, or not tables at all: every command that reads a table
    List<List<String>> readers = List.of(List.of("describe"), List.of("history"), List.of("time-travel", "versions"),
        List.of("time-travel", "show"), List.of("optimize", "--dry-run"), List.of("vacuum", "--dry-run"),
        List.of("zorder", "--by", "id", "--dry-run"), List.of("bloom-index", "show"),
        List.of("time-travel", "diff", "--from", "0"), List.of("time-travel", "restore", "--version", "0", "--dry-run"),
        List.of("properties", "list"), List.of("properties", "set", "team=x"), List.of("properties", "unset", "team"),
        List.of("cluster-by", "--by", "id", "--dry-run"));
    for (List<String> cmd : readers) {
      add("missing table", 3, with(cmd, missing));
      add("not a Delta table", 3, with(cmd, notDelta));
      add("a file, not a table", 3, with(cmd, src.resolve("csv/a.csv").toString()));
      add("injection in a table name", 2, with(cmd, "sales; DROP TABLE x"));
      add("injection in a table name", 2, with(cmd, "delta.`" + t + "` WHERE 1=1"));
      // a path ending in something that is not a suffix is a path (folders may hold an @): not found
      add("bad time-travel suffix", 3, with(cmd, t + "@vX"));
      add("bad time-travel suffix", 3, with(cmd, t + "@v-1"));
      add("bad time-travel suffix", 2, with(cmd, t + "@v99999999999999999999"));
      add("bad time-travel suffix", 3, with(cmd, t + "@2026-99"));
      add("empty table name", 2, with(cmd, ""));
    }
    // columns
    for (String col : List.of("nosuch", "id; DROP TABLE x", "id)", "`id", "id,,name", "id,nosuch")) {
      add("bad column", 2, "zorder", t, "--by", col, "--dry-run");
      add("bad column", 2, "optimize", t, "--zorder-by", col, "--dry-run");
      add("bad column", 2, "time-travel", "show", t, "--version", "1", "--columns", col);
      add("bad column", 2, "time-travel", "diff", t, "--from", "1", "--key", col);
      add("bad column", 2, "bloom-index", "create", t, "--column", col);
    }
    for (String col : List.of("nosuch", "id; DROP TABLE x", "id)", "`id", "id,,name", "id,nosuch", "id,ID", "",
        "id,name,id,name,id")) {
      add("bad clustering column", 2, "cluster-by", plain, "--by", col, "--dry-run");
      add("bad clustering column", 2, "create", tables.resolve("clustered-x").toString(), "--schema",
          "id BIGINT, name STRING", "--cluster-by", col);
    }
    add("bad clustering", 2, "cluster-by", t, "--by", "id", "--dry-run"); // a partitioned table
    add("bad clustering", 2, "cluster-by", plain, "--by", "id", "--none", "--dry-run");
    add("bad clustering", 2, "cluster-by", plain, "--dry-run");
    add("bad clustering", 2, "create", tables.resolve("clustered-x").toString(), "--schema", "id BIGINT, day INT",
        "--cluster-by", "id", "--partitioned-by", "day");
    add("bad clustering", 2, "optimize", plain, "--full", "--dry-run"); // not clustered
    add("bad clustering", 2, "optimize", t, "--full", "--where", "region = 'eu'", "--dry-run");
    add("bad column", 2, "zorder", t, "--by", "region", "--dry-run"); // a partition column
    add("bad column", 2, "zorder", t, "--by", "", "--dry-run");
    for (String spec : List.of("id:fpp=2", "id:fpp=0", "id:fpp=-1", "id:fpp=abc", "id:num-items=0",
        "id:num-items=-5", "id:num-items=abc", "id:num-items=99999999999999999999", "id:bogus=1", "id:fpp")) {
      add("bad bloom filter", 2, "bloom-index", "create", t, "--column", spec);
    }
    // predicates
    for (String p : List.of("1=1; DROP TABLE x", "nosuch = 1", "id = ", "region = 'eu' OR", "region = 'eu' x",
        "(SELECT 1)", "region = 'eu') OR (1=1", "region = 'eu' AND", "")) {
      add("bad predicate", 2, "optimize", t, "--where", p, "--dry-run");
      add("bad predicate", 2, "time-travel", "show", t, "--where", p);
    }
    add("bad predicate", 2, "optimize", t, "--where", "id = 1", "--dry-run"); // not a partition column
    add("bad predicate", 2, "optimize", t, "--where", "region IN (SELECT 'eu')", "--dry-run");
    // absurd numbers
    for (String n : List.of("-1", "abc", "99999999999999999999", "1.5")) {
      add("absurd number", 2, "history", t, "-n", n);
      add("absurd number", 2, "time-travel", "show", t, "-n", n);
      add("absurd number", 2, "sql", "SELECT 1", "-n", n);
      add("absurd number", 2, "optimize", t, "--retries", n, "--dry-run");
      add("absurd number", 2, "vacuum", t, "--dry-run", "-n", n);
    }
    for (String v : List.of("-1", "abc", "99999999999999999999", "1.0", "")) {
      add("absurd version", 2, "time-travel", "show", t, "--version", v);
      add("absurd version", 2, "time-travel", "diff", t, "--from", v);
      add("absurd version", 2, "time-travel", "restore", t, "--version", v, "--dry-run");
      add("absurd version", 2, "time-travel", "clone", t, "--version", v, "--to", tmp.resolve("clone-x").toString());
    }
    add("version not in the log", 3, "time-travel", "show", t, "--version", "999");
    add("version not in the log", 3, "time-travel", "show", t + "@v999");
    add("version not in the log", 3, "time-travel", "diff", t, "--from", "0", "--to", "999");
    add("version not in the log", 3, "time-travel", "restore", t, "--version", "999", "--dry-run");
    for (String size : List.of("-1", "abc", "1XB", "99999999999999999999", "1.5.5MB", "")) {
      add("absurd size", 2, "optimize", t, "--target-file-size", size, "--dry-run");
      add("absurd size", 2, "optimize", t, "--min-file-size", size, "--dry-run");
    }
    add("absurd size", 2, "optimize", t, "--target-file-size", "0", "--dry-run");
    for (String d : List.of("-1h", "abc", "1x", "h", "", "99999999999999999999d", "1.5.5h")) {
      add("absurd duration", 2, "vacuum", t, "--retain", d, "--dry-run");
    }
    add("retention below the table's minimum", 5, "vacuum", t, "--retain", "0h");
    // timestamps
    for (String ts : List.of("yesterday", "2026-02-30", "2026-13-01", "2026-11-20T25:00:00", "", "2026/11/20",
        "99999-01-01", "2026-11-20 10:00:00 +99:00", "1e9")) {
      add("bad timestamp", 2, "time-travel", "show", t, "--timestamp", ts);
      add("bad timestamp", 2, "time-travel", "restore", t, "--timestamp", ts, "--dry-run");
    }
    add("timestamp outside the log", 3, "time-travel", "show", t, "--timestamp", "1971-01-01");
    add("timestamp outside the log", 3, "time-travel", "show", t, "--timestamp", "2999-01-01");
    add("version and timestamp", 2, "time-travel", "show", t, "--version", "0", "--timestamp", "2026-01-01");
    add("version and timestamp", 2, "time-travel", "show", t + "@v0", "--version", "0");
    // corrupt and truncated source files of each format, under every --on-error that fails
    for (String[] f : new String[][] {{"csv", "csv"}, {"json", "json"}, {"parquet", "parquet"}, {"orc", "orc"},
        {"avro", "avro"}, {"truncated-parquet", "parquet"}}) {
      add("corrupt source file", 2, "copy-into", plain, "--from", src.resolve(f[0]).toString(), "--format", f[1],
          "--format-option", "header=true");
      if (f[0].equals("csv")) {
        continue; // create infers the CSV's columns: the value that is not a number makes a STRING column
      }
      add("corrupt source file", 2, "create", tables.resolve("from-" + f[0]).toString(), "--from",
          src.resolve(f[0]).toString(), "--format", f[1], "--format-option", "header=true", "--format-option",
          "mode=FAILFAST");
    }
    // options
    add("bad option", 2, "copy-into", plain, "--from", src.resolve("csv").toString(), "--format", "nosuch");
    add("bad option", 2, "copy-into", plain, "--from", src.resolve("csv").toString(), "--format", "csv",
        "--format-option", "noequals");
    add("bad option", 2, "copy-into", plain, "--from", src.resolve("csv").toString(), "--format", "csv",
        "--on-error", "nosuch");
    add("bad option", 2, "copy-into", plain, "--from", src.resolve("csv").toString(), "--format", "csv",
        "--on-error", "bad-records");
    add("bad option", 2, "copy-into", plain, "--from", src.resolve("csv").toString(), "--format", "csv",
        "--files", "a.csv", "--pattern", "*.csv");
    add("bad option", 2, "copy-into", plain, "--from", src.resolve("csv").toString(), "--format", "csv",
        "--validate", "-1");
    add("bad option", 2, "copy-into", plain + "@v0", "--from", src.resolve("csv").toString(), "--format", "csv");
    add("missing source", 3, "copy-into", plain, "--from", tmp.resolve("nowhere").toString(), "--format", "csv");
    add("source outside --from", 2, "copy-into", plain, "--from", src.resolve("csv").toString(), "--format", "csv",
        "--files", "../json/a.json");
    add("source outside --from", 2, "copy-into", plain, "--from", src.resolve("csv").toString(), "--format", "csv",
        "--pattern", "../*/*");
    add("source outside --from", 2, "copy-into", plain, "--from", src.resolve("csv").toString(), "--format", "text",
        "--files", "/etc/hostname");
    add("bad option", 2, "describe", t, "--output", "xml");
    add("bad option", 2, "describe", t, "--bogus");
    add("bad option", 2, "describe");
    add("bad option", 2, "nosuch-command", t);
    add("bad option", 2, "history", t, "--profile", "no-such-profile");
    add("bad option", 2, "vacuum", t, "--mode", "nosuch", "--dry-run");
    add("bad option", 2, "create", t, "--schema", "id BIGINT");
    add("bad option", 2, "create", tables.resolve("bad-schema").toString(), "--schema", "id NOSUCHTYPE");
    add("bad option", 2, "create", tables.resolve("bad-schema").toString(), "--schema", "id BIGINT, id BIGINT");
    add("bad option", 2, "create", tables.resolve("bad-schema").toString(), "--schema", "id BIGINT",
        "--partitioned-by", "nosuch");
    add("bad option", 2, "create", tables.resolve("bad-schema").toString(), "--schema", "id BIGINT",
        "--property", "delta.nosuch.property=1");
    add("bad option", 2, "create", tables.resolve("bad-schema").toString(), "--as-select", "SELEC 1");
    add("bad option", 2, "time-travel", "clone", t, "--version", "0", "--to", plain);
    add("bad sql", 2, "sql", "SELEC 1");
    add("missing table", 3, "sql", "SELECT * FROM delta.`" + missing + "`");
    add("bad sql", 2, "sql", "SELECT nosuch FROM delta.`" + t + "`");
    add("bad sql", 2, "sql", "");
    add("bad sql", 2, "sql", "SELECT 1; DROP TABLE x");
    // checkpoint and log-cleanup: tables that are not there or not Delta, past versions, durations
    for (List<String> cmd : List.of(List.of("checkpoint", "--dry-run"), List.of("log-cleanup", "--dry-run"))) {
      add("missing table", 3, with(cmd, missing));
      add("not a Delta table", 3, with(cmd, notDelta));
      add("a file, not a table", 3, with(cmd, src.resolve("csv/a.csv").toString()));
      add("injection in a table name", 2, with(cmd, "sales; DROP TABLE x"));
      add("injection in a table name", 2, with(cmd, "delta.`" + t + "` WHERE 1=1"));
      add("a past version", 2, with(cmd, t + "@v0"));
      add("empty table name", 2, with(cmd, ""));
    }
    for (String d : List.of("-1h", "abc", "1x", "h", "", "99999999999999999999d", "1.5.5h")) {
      add("absurd duration", 2, "log-cleanup", t, "--retain", d, "--dry-run");
    }
    add("absurd number", 2, "log-cleanup", t, "--dry-run", "-n", "-1");
    add("retention below the table's minimum", 5, "log-cleanup", t, "--retain", "1h");
    add("bad property", 2, "properties", "set", t, "delta.appendOnly=yes");
    add("bad property", 2, "properties", "set", t, "delta.logRetentionDurations=interval 30 days");
    add("bad property", 2, "properties", "set", t, "deltactl.zorder.by=nope");
    add("bad property", 2, "properties", "set", t, "noequals");
    add("bad property", 2, "properties", "unset", t, "delta.feature.deletionVectors");
    // maintain: its lists of tables and operations, and a table that is not there (the others still run)
    add("missing table", 3, "maintain", missing, "--dry-run");
    add("not a Delta table", 3, "maintain", notDelta);
    add("bad option", 2, "maintain");
    add("bad option", 2, "maintain", "--tables-from", missing);
    add("bad option", 2, "maintain", "--tables-from", src.resolve("no-tables.txt").toString());
    add("bad option", 2, "maintain", t, t);
    add("bad option", 2, "maintain", t, "--only", "vacum");
    add("bad option", 2, "maintain", t, "--only", "vacuum", "--skip", "vacuum");
    add("bad option", 2, "maintain", t, "--retries", "-1");
    add("bad option", 2, "maintain", t, "--vacuum", "medium");
    add("bad option", 2, "maintain", t, "--policy", "smallFilesDo=3");
    add("a past version", 2, "maintain", t + "@v0");
    // files: tables that are not there or not Delta, predicates, sorts, limits and versions
    for (List<String> cmd : List.of(List.of("files"), List.of("files", "--where", "region = 'eu'"))) {
      add("missing table", 3, with(cmd, missing));
      add("not a Delta table", 3, with(cmd, notDelta));
      add("a file, not a table", 3, with(cmd, src.resolve("csv/a.csv").toString()));
      add("injection in a table name", 2, with(cmd, "delta.`" + t + "` WHERE 1=1"));
      add("empty table name", 2, with(cmd, ""));
    }
    add("a metastore table", 1, "files", "sales");
    for (String p : List.of("1=1; DROP TABLE x", "nosuch = 1", "region = ", "region = 'eu' OR", "region = 'eu' x",
        "(SELECT 1)", "region = 'eu') OR (1=1", "region = eu", "region = NULL", "region IN (SELECT 'eu')",
        "region LIKE 'e%'", "region = 'eu", "", " ")) {
      add("bad predicate", 2, "files", t, "--where", p);
    }
    add("bad predicate", 2, "files", t, "--where", "id = 1"); // not a partition column
    add("bad predicate", 2, "files", plain, "--where", "id = 1"); // a table without partitions
    for (String s : List.of("nosuch", "", "path,size", "1")) {
      add("bad option", 2, "files", t, "--sort", s);
    }
    for (String n : List.of("-1", "0", "abc", "99999999999999999999", "1.5")) {
      add("absurd number", 2, "files", t, "-n", n);
    }
    for (String v : List.of("-1", "abc", "99999999999999999999", "")) {
      add("absurd version", 2, "files", t, "--version", v);
    }
    for (String ts : List.of("yesterday", "2026-02-30", "")) {
      add("bad timestamp", 2, "files", t, "--timestamp", ts);
    }
    add("version not in the log", 3, "files", t, "--version", "999");
    add("version not in the log", 3, "files", t + "@v999");
    add("timestamp outside the log", 3, "files", t, "--timestamp", "1971-01-01");
    add("version and timestamp", 2, "files", t + "@v0", "--version", "0");
    add("version and timestamp", 2, "files", t, "--version", "0", "--timestamp", "2026-01-01");
    // fsck: tables that are not there or not Delta, past versions, limits; --repair changes nothing on any of them
    for (List<String> cmd : List.of(List.of("fsck"), List.of("fsck", "--repair"), List.of("fsck", "--verify"))) {
      add("missing table", 3, with(cmd, missing));
      add("not a Delta table", 3, with(cmd, notDelta));
      add("a file, not a table", 3, with(cmd, src.resolve("csv/a.csv").toString()));
      add("injection in a table name", 2, with(cmd, "delta.`" + t + "` WHERE 1=1"));
      add("empty table name", 2, with(cmd, ""));
      add("a past version", 2, with(cmd, t + "@v0"));
    }
    add("a metastore table", 1, "fsck", "sales", "--repair");
    for (String n : List.of("-1", "abc", "99999999999999999999")) {
      add("absurd number", 2, "fsck", t, "-n", n);
    }
    // changes: tables that are not there or have no change data feed, ranges, versions, timestamps, columns
    for (List<String> cmd : List.of(List.of("changes", "--from", "0"), List.of("changes", "--from", "0", "--count"))) {
      add("missing table", 3, with(cmd, missing));
      add("not a Delta table", 3, with(cmd, notDelta));
      add("a file, not a table", 3, with(cmd, src.resolve("csv/a.csv").toString()));
      add("injection in a table name", 2, with(cmd, "sales; DROP TABLE x"));
      add("injection in a table name", 2, with(cmd, "delta.`" + t + "` WHERE 1=1"));
      add("a past version", 2, with(cmd, feed + "@v0"));
      add("empty table name", 2, with(cmd, ""));
    }
    add("no change data feed", 3, "changes", t, "--from", "0");
    add("no change data feed", 3, "changes", plain, "--from", "1", "--to", "1");
    add("bad option", 2, "changes", feed);
    for (String v : List.of("-1", "abc", "99999999999999999999", "1.0", "", "2026-02-30", "yesterday")) {
      add("absurd version", 2, "changes", feed, "--from", v);
      add("absurd version", 2, "changes", feed, "--from", "0", "--to", v);
    }
    add("version not in the log", 3, "changes", feed, "--from", "999");
    add("version not in the log", 3, "changes", feed, "--from", "0", "--to", "999");
    add("timestamp outside the log", 3, "changes", feed, "--from", "1971-01-01");
    add("timestamp outside the log", 3, "changes", feed, "--from", "0", "--to", "2999-01-01");
    add("range backwards", 2, "changes", feed, "--from", "1", "--to", "0");
    for (String col : List.of("nosuch", "id; DROP TABLE x", "id)", "`id", "id,,name", "id,nosuch")) {
      add("bad column", 2, "changes", feed, "--from", "0", "--columns", col);
    }
    for (String p : List.of("1=1; DROP TABLE x", "nosuch = 1", "id = ", "(SELECT 1)", "")) {
      add("bad predicate", 2, "changes", feed, "--from", "0", "--where", p);
    }
    for (String n : List.of("-1", "abc", "99999999999999999999")) {
      add("absurd number", 2, "changes", feed, "--from", "0", "-n", n);
    }
    // convert: folders that are not Parquet files, Delta already, partitioning, formats
    add("missing source", 3, "convert", missing);
    add("already Delta", 2, "convert", t);
    add("already Delta", 2, "convert", t, "--dry-run");
    add("not Parquet files", 2, "convert", notDelta);
    add("corrupt source file", 2, "convert", src.resolve("parquet").toString());
    add("corrupt source file", 2, "convert", src.resolve("truncated-parquet").toString(), "--dry-run");
    add("a file, not a folder", 2, "convert", src.resolve("csv/a.csv").toString());
    add("bad option", 2, "convert", notDelta, "--format", "csv");
    add("bad option", 2, "convert", notDelta, "--format", "nosuch");
    add("bad option", 2, "convert", src.resolve("parquet").toString(), "--partitioned-by", "region");
    add("bad option", 2, "convert", src.resolve("parquet").toString(), "--partitioned-by", "region STRING; DROP x");
    add("bad option", 2, "convert", src.resolve("parquet").toString(), "--partitioned-by", "region STRING");
    add("a past version", 2, "convert", t + "@v0");
    add("injection in a table name", 2, "convert", "sales; DROP TABLE x");
    add("empty table name", 2, "convert", "");
    // feature and purge: tables that are not there or not Delta, past versions, names of features
    for (List<String> cmd : List.of(List.of("feature", "list"), List.of("feature", "drop", "deletionVectors"),
        List.of("feature", "drop", "deletionVectors", "--dry-run"), List.of("purge"), List.of("purge", "--dry-run"))) {
      add("missing table", 3, with(cmd, missing));
      add("not a Delta table", 3, with(cmd, notDelta));
      add("a file, not a table", 3, with(cmd, src.resolve("csv/a.csv").toString()));
      add("injection in a table name", 2, with(cmd, "delta.`" + t + "` WHERE 1=1"));
      add("a past version", 2, with(cmd, t + "@v0"));
      add("empty table name", 2, with(cmd, ""));
    }
    add("a metastore table", 1, "purge", "sales");
    for (String name : List.of("nosuch", "deletionVector", "delta.appendOnly", "", " ", "rowTracking")) {
      add("bad feature", 2, "feature", "drop", t, name);
      add("bad feature", 2, "feature", "drop", t, name, "--dry-run");
    }
    add("a feature Delta cannot drop", 5, "feature", "drop", t, "appendOnly");
    add("a feature Delta cannot drop", 5, "feature", "drop", t, "invariants", "--truncate-history");
    add("bad option", 2, "feature", "drop", t);
    return List.copyOf(CASES);
  }

  private static String[] with(List<String> cmd, String table) {
    List<String> args = new ArrayList<>(cmd);
    int at = cmd.get(0).equals("time-travel") || cmd.get(0).equals("bloom-index") || cmd.get(0).equals("properties")
        || cmd.get(0).equals("feature") ? 2 : 1;
    args.add(at, table);
    return args.toArray(String[]::new);
  }

  private static final Pattern JAVA = Pattern.compile(
      "\\b(?:[a-z]+\\.)+[A-Z]\\w+|\\b\\w+(?:Exception|Error)\\b|\\tat |\\.java:\\d+|\\.scala:\\d+");

  @Test
  void everyBadInputIsOneLineWithItsExitCodeAndLeavesEveryTableAsItWas() {
    List<Case> cases = cases();
    Map<String, Integer> kinds = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    Map<String, String> before = TestCli.fingerprint(tables);
    int leftovers = 0;
    for (Case c : cases) {
      kinds.merge(c.kind(), 1, Integer::sum);
      TestCli.Run r = TestCli.run(c.args().toArray(String[]::new));
      Map<String, String> after = TestCli.fingerprint(tables);
      List<String> wrong = new ArrayList<>();
      if (r.exitCode() != c.exit()) {
        wrong.add("exit " + r.exitCode() + ", expected " + c.exit());
      }
      // picocli's usage errors add a hint line or two: 'Did you mean ...', 'Try ... --help'
      List<String> lines = r.err().lines().filter(l -> !l.startsWith("note: ") && !l.startsWith("warning: ")
          && !l.startsWith("Try 'deltactl ") && !l.startsWith("Did you mean: ")).toList();
      if (lines.size() != 1 || !lines.get(0).startsWith("error: ")) {
        wrong.add("stderr is not one error line");
      } else if (JAVA.matcher(lines.get(0)).find()) {
        wrong.add("a Java name in the message");
      }
      String changed = changed(before, after);
      if (changed != null) {
        wrong.add("a table's bytes changed: " + changed);
      }
      leftovers += after.size() - before.size();
      before = after;
      if (!wrong.isEmpty()) {
        failures.add(String.join("; ", wrong) + ": deltactl " + String.join(" ", c.args()).replace(tmp.toString(), "$TMP")
            + "\n    " + r.err().strip().replace("\n", "\n    ").replace(tmp.toString(), "$TMP"));
      }
    }
    System.out.println("bad inputs: " + cases.size() + " in " + kinds.size() + " kinds: " + kinds + "; data files"
        + " left unreferenced by failed writes: " + leftovers);
    assertThat(cases).hasSizeGreaterThanOrEqualTo(200);
    assertThat(failures).as(failures.size() + " of " + cases.size() + " bad inputs:\n" + String.join("\n", failures))
        .isEmpty();
  }

  /**
   * What changed between two listings of the tables' folders: a file changed or gone, or a new file that is
   * not a data file (a write that fails may leave the data files it wrote, which no version references and
   * vacuum removes; the log, and every file it references, stay as they were). Null when nothing did.
   */
  static String changed(Map<String, String> before, Map<String, String> after) {
    for (Map.Entry<String, String> e : before.entrySet()) {
      if (!e.getValue().equals(after.get(e.getKey()))) {
        return e.getKey() + (after.containsKey(e.getKey()) ? " changed" : " is gone");
      }
    }
    for (String p : after.keySet()) {
      if (!before.containsKey(p) && (p.contains("_delta_log") || !p.matches("(.*/)?\\.?part-[^/]*\\.parquet(\\.crc)?"))) {
        return p + " is new";
      }
    }
    return null;
  }

}
