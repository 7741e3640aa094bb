package dev.deltactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The commands on every table of the conformance corpus (tables written by delta-rs, Spark and Databricks over
 * many protocol versions), each outcome pinned in {@link #PINS}: the rows a table holds (their count and a
 * fingerprint of them all), or the exit code and the one line of a refusal, never a stack trace. A table added
 * to the corpus without a pinned outcome fails.
 */
class ConformanceTest {

  /**
   * What each command gives on a table: {@code ok}, {@code N rows} (show), a fingerprint {@code n,h}, or
   * {@code exit N: words of the line}.
   */
  record Pin(String table, Map<String, String> outcomes) {
    /** Only these outcomes differ from the default ({@code ok}; for show, the fingerprint's row count). */
    Pin and(String commands, String outcome) {
      Map<String, String> m = new LinkedHashMap<>(outcomes);
      for (String c : commands.split(" ")) {
        assertThat(COMMANDS).as(table + ": " + c).contains(c);
        m.put(c, outcome);
      }
      return new Pin(table, m);
    }

    String outcome(String command) {
      String fingerprint = outcomes.get("fingerprint");
      if (command.equals("changes")) {
        // most tables of the corpus never had the change data feed
        return outcomes.getOrDefault(command, "exit 3: delta.enableChangeDataFeed is not enabled; enable it with"
            + " 'deltactl properties set <table> delta.enableChangeDataFeed=true' to record changes from then on");
      }
      return outcomes.getOrDefault(command, !command.equals("show") ? "ok"
          : fingerprint.startsWith("exit ") ? "(show: no outcome pinned)" : fingerprint.split(",")[0] + " rows");
    }
  }

  static final List<String> COMMANDS = List.of("describe", "history", "versions", "show", "fingerprint", "optimize",
      "vacuum", "changes");

  /**
   * A table and its rows as the {@link #fingerprint} query gives them ({@code n,h}, or {@code exit N: line} when
   * the query fails): by default every command works and show counts the same rows.
   */
  static Pin pin(String table, String fingerprint) {
    return new Pin(table, Map.of("fingerprint", fingerprint));
  }

  /** Each conformance table's outcomes; {@code <table>} stands for the table's path in the messages. */
  static final Map<String, Pin> PINS = pins(
      pin("COVID-19_NYT", "1111930,1167717386178215990038"),
      // a commit that does not match its .crc file
      pin("cdc_ict_table",
          "exit 1: Checksum error: file:<table>/_delta_log/00000000000000000001.json: the file does not match "
          + "its .crc checksum file; if the file is known to be good, delete the stale .crc file next to it")
          .and("describe history versions show optimize vacuum changes",
              "exit 1: Checksum error: file:<table>/_delta_log/00000000000000000001.json: the file does not "
              + "match its .crc checksum file; if the file is known to be good, delete the stale .crc file next to "
              + "it"),
      pin("cdf-table", "9,26141237404228861732")
          .and("changes", "23 change rows"),
      pin("cdf-table-non-partitioned", "11,-15733494747235243353")
          .and("changes", "25 change rows"),
      pin("cdf-table-with-cdc-and-dvs", "5,-4693627797511809064")
          .and("changes", "43 change rows"),
      pin("checkpoint-cdf-table", "13,15225334515217513104")
          .and("changes", "exit 3: version 0 of <table> is no longer in the log: the oldest version is 3"),
      pin("checkpoint-v2-table", "44,18818978034060004291"),
      // the corpus keeps the log of this table, not all of its data files
      pin("checkpoint_with_partitions",
          "exit 1: a file the table refers to is missing: [FAILED_READ_FILE.FILE_NOT_EXIST]")
          .and("show",
              "exit 3: version 2 of <table> is not readable: data files it needs are gone (deleted by vacuum or "
              + "otherwise); the oldest readable version is none")
          .and("changes", "exit 3: version 0 of <table> is no longer in the log: the oldest version is 1"),
      // the corpus keeps the log of this table, not all of its data files
      pin("checkpoints", "exit 1: a file the table refers to is missing: [FAILED_READ_FILE.FILE_NOT_EXIST]")
          .and("show",
              "exit 3: version 12 of <table> is not readable: the file "
              + "date=2020-06-03/part-00000-69e74256-615d-49cc-94c8-a02826bd4221.c000.snappy.parquet it needs is "
              + "gone (deleted by vacuum or otherwise); the oldest readable version is none")
          .and("optimize",
              "exit 1: a file the table refers to is missing: [FAILED_READ_FILE.FILE_NOT_EXIST]"),
      // an empty folder: not a Delta table
      pin("checkpoints_tombstones", "exit 3: [DELTA_TABLE_NOT_FOUND] Delta table `<table>` doesn't exist.")
          .and("describe history versions show optimize vacuum changes",
              "exit 3: <table> is not a Delta table: it has no _delta_log folder"),
      // the corpus keeps the log of this table, not all of its data files
      pin("checkpoints_vacuumed", "exit 1: a file the table refers to is missing: [FAILED_READ_FILE.FILE_NOT_EXIST]")
          .and("show",
              "exit 3: version 12 of <table> is not readable: the file "
              + "date=2020-06-03/part-00000-69e74256-615d-49cc-94c8-a02826bd4221.c000.snappy.parquet it needs is "
              + "gone (deleted by vacuum or otherwise); the oldest readable version is none")
          .and("optimize",
              "exit 1: a file the table refers to is missing: [FAILED_READ_FILE.FILE_NOT_EXIST]")
          .and("changes", "exit 3: version 0 of <table> is no longer in the log: the oldest version is 5"),
      pin("concurrent_workers", "0,"),
      pin("delta-0.2.0", "6,-1252477994674987826"),
      pin("delta-0.8-empty", "0,"),
      pin("delta-0.8.0", "4,2114917797977572928"),
      pin("delta-0.8.0-date", "5,3922691546799886143"),
      pin("delta-0.8.0-null-partition", "2,12664825594164957795"),
      pin("delta-0.8.0-numeric-partition", "2,4079662261535362965"),
      pin("delta-0.8.0-partitioned", "7,-18077750534967913721"),
      pin("delta-0.8.0-special-partition", "2,-3257075130104857726"),
      pin("delta-1.2.1-only-struct-stats", "12,25668642536543443940"),
      pin("delta-2.2.0-partitioned-types", "3,11411827585112052230"),
      pin("delta-checkpoint-stats-optional", "2,4489918023770146784"),
      pin("delta-live-table", "0,"),
      pin("delta-stats-optional", "2,4489918023770146784"),
      // not a Delta table: it holds one a level down
      pin("golden", "exit 3: [DELTA_TABLE_NOT_FOUND] Delta table `<table>` doesn't exist.")
          .and("describe history versions show optimize vacuum changes",
              "exit 3: <table> is not a Delta table: it has no _delta_log folder"),
      pin("http_requests", "1581,724324895487513051065"),
      pin("issue-2152", "0,"),
      pin("issue_1374", "20,60696555755965646136"),
      // the corpus keeps the log of this table, not all of its data files
      pin("latest_not_checkpointed",
          "exit 1: a file the table refers to is missing: [FAILED_READ_FILE.FILE_NOT_EXIST]")
          .and("show",
              "exit 3: version 3 of <table> is not readable: the file "
              + "part-00000-70b1dcdf-0236-4f63-a072-124cdbafd8a0-c000.snappy.parquet it needs is gone (deleted by "
              + "vacuum or otherwise); the oldest readable version is none"),
      pin("partition-type-primitives", "16,2510799094916681973"),
      pin("python-0.25.5-checkpoint", "6,-10471780786966001762"),
      pin("simple_commit", "0,"),
      pin("simple_table", "3,6620716273480319100"),
      // reader version 5 with a list of reader features, one of them unknown ("blahabl")
      pin("simple_table_features",
          "exit 1: [DELTA_INVALID_PROTOCOL_VERSION] Unsupported Delta protocol version: table \"file:<table>\" "
          + "requires reader version 5 and writer version 7, but Delta Lake \"4.4.0\" supports reader versions 1, 2, "
          + "3 and writer versions 1, 2, 3, 4, 5, 6, 7. Please upgrade to a newer release.")
          .and("describe history versions show optimize vacuum changes",
              "exit 1: [DELTA_INVALID_PROTOCOL_VERSION] Unsupported Delta protocol version: table \"file:<table>\" "
              + "requires reader version 5 and writer version 7, but Delta Lake \"4.4.0\" supports reader versions "
              + "1, 2, 3 and writer versions 1, 2, 3, 4, 5, 6, 7. Please upgrade to a newer release."),
      pin("simple_table_with_cdc", "1,-8952582800928970508")
          .and("changes", "3 change rows"),
      pin("simple_table_with_checkpoint", "11,-26152919888385271445"),
      pin("spark-shredded-variant-preview-delta", "102,17063380085147043231")
          .and("vacuum", "exit 5: vacuum refused: the table uses writer feature variantShredding-preview that deltactl"
              + " does not know; vacuuming could delete files that feature still needs"),
      pin("spark-variant-checkpoint", "102,17063380085147043231"),
      // the corpus keeps the log of this table, not all of its data files
      pin("spark-variant-stable-feature-checkpoint",
          "exit 1: a file the table refers to is missing: [FAILED_READ_FILE.FILE_NOT_EXIST]")
          .and("show",
              "exit 3: version 1 of <table> is not readable: the file "
              + "test%file%prefix-part-00000-c98a0433-2bfc-4903-9b2e-0fb34243f552-c000.snappy.parquet it needs is "
              + "gone (deleted by vacuum or otherwise); the oldest readable version is none")
          .and("optimize",
              "exit 1: a file the table refers to is missing: [FAILED_READ_FILE.FILE_NOT_EXIST]"),
      // the last checkpoint (108) without its commit file
      pin("table-with-domain-metadata", "exit 1: Could not find any delta files for version 108")
          .and("describe history versions show",
              "exit 1: <table>/_delta_log/00000000000000000108.json is missing: the log goes from version 107 to "
              + "no later commit; restore the file from a backup before using the table")
          .and("optimize vacuum changes",
              "exit 1: Could not find any delta files for version 108"),
      pin("table-with-dv-small", "8,5311756155185948678"),
      pin("table-without-dv-small", "10,5420093569095439353"),
      pin("table_failed_last_checkpoint_update", "20,-76966797939600537644"),
      pin("table_with_column_mapping", "5,-1289645445432744116"),
      pin("table_with_deletion_logs", "98,28485402550762556210"),
      pin("table_with_edge_timestamps", "2,-2151530112646335685"),
      // the writer feature "liquid" of an early liquid clustering, which Delta now names "clustering"
      pin("table_with_liquid_clustering", "10,7747646361200367417")
          .and("optimize", "exit 1: the table file:<table> uses writer features (liquid) that Delta Lake here cannot"
              + " write; write it with an engine that supports them")
          .and("vacuum", "exit 5: vacuum refused: the table uses writer feature liquid that deltactl does not know;"
              + " vacuuming could delete files that feature still needs"),
      pin("table_with_null_stats_in_notnull_struct", "2,-7534566047409210957"),
      pin("table_with_partitioning_mapping", "2,483883347521504412"),
      // the corpus keeps the log of this table, not all of its data files
      pin("with_checkpoint_no_last_checkpoint",
          "exit 1: a file the table refers to is missing: [FAILED_READ_FILE.FILE_NOT_EXIST]")
          .and("show",
              "exit 3: version 3 of <table> is not readable: the file "
              + "part-00000-70b1dcdf-0236-4f63-a072-124cdbafd8a0-c000.snappy.parquet it needs is gone (deleted by "
              + "vacuum or otherwise); the oldest readable version is none"));

  static List<Path> tables() throws IOException {
    try (Stream<Path> s = Files.list(TestCli.conformance())) {
      return s.filter(Files::isDirectory).sorted().toList();
    }
  }

  /** The pinned outcome of a command on a table; fails when the table has no pin. */
  static String expected(Path table, String command, String observed) {
    String name = table.getFileName().toString();
    assertThat(PINS).as("no pinned outcome for the conformance table " + name + "; " + command + " gives: "
        + observed).containsKey(name);
    return PINS.get(name).outcome(command);
  }

  /** What a run gave, in the words of a pin: {@code ok}, or the exit code and the error line. */
  static String outcome(TestCli.Run r, Path table) {
    return r.exitCode() == 0 ? "ok" : "exit " + r.exitCode() + ": "
        + r.err().strip().replaceFirst("^error: ", "").replace(table.toString(), "<table>");
  }

  static void report(String command, Path table, String outcome) {
    System.out.println("conformance " + command + " " + table.getFileName() + ": " + outcome);
  }

  @Test
  void everyPinNamesATableOfTheCorpus() throws IOException {
    assertThat(tables().stream().map(t -> t.getFileName().toString()))
        .containsExactlyInAnyOrderElementsOf(PINS.keySet());
  }

  @TestFactory
  Stream<DynamicTest> readOnlyCommandsGiveThePinnedOutcome() throws IOException {
    return tables().stream().flatMap(t -> Stream.of("describe", "history", "versions", "show").map(cmd ->
        DynamicTest.dynamicTest(cmd + " " + t.getFileName(), () -> {
          TestCli.Run r = switch (cmd) {
            case "versions" -> TestCli.run("time-travel", "versions", t.toString(), "-o", "json");
            case "show" -> TestCli.run("time-travel", "show", t.toString(), "--count", "-o", "json");
            default -> TestCli.run(cmd, t.toString(), "-o", "json");
          };
          String observed = outcome(r, t);
          if (r.exitCode() == 0) {
            assertThat(r.out()).as(r.toString()).startsWith(switch (cmd) {
              case "describe" -> "{\"format\":\"delta\"";
              case "history" -> "[{\"version\":";
              default -> "{\"table\":";
            });
            if (cmd.equals("show")) {
              java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"count\":(\\d+),").matcher(r.out());
              assertThat(m.find()).as(r.toString()).isTrue();
              observed = m.group(1) + " rows";
            }
          } else {
            assertThat(r.exitCode()).as(r.toString()).isIn(1, 3);
            assertThat(r.out()).isEmpty();
            assertOneClearLine(r);
          }
          report(cmd, t, observed);
          assertOutcome(cmd + " " + t.getFileName(), observed, expected(t, cmd, observed));
        })));
  }

  /** The change data feed of each table from its first version: the number of change rows, or one clear line. */
  @TestFactory
  Stream<DynamicTest> changesCountTheChangeRowsOrRefuseWithOneClearLine() throws IOException {
    return tables().stream().map(t -> DynamicTest.dynamicTest("changes " + t.getFileName(), () -> {
      TestCli.Run r = TestCli.run("changes", t.toString(), "--from", "0", "--count", "-o", "json");
      String observed = outcome(r, t);
      if (r.exitCode() == 0) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"count\":(\\d+)").matcher(r.out());
        assertThat(m.find()).as(r.toString()).isTrue();
        observed = m.group(1) + " change rows";
      } else {
        assertThat(r.exitCode()).as(r.toString()).isIn(1, 3);
        assertThat(r.out()).isEmpty();
        assertOneClearLine(r);
      }
      report("changes", t, observed);
      assertOutcome("changes " + t.getFileName(), observed, expected(t, "changes", observed));
    }));
  }

  /** Optimize, then vacuum of what it replaced, on one copy of each table: each keeps every row or refuses. */
  @TestFactory
  Stream<DynamicTest> optimizeThenVacuumKeepEveryRowOrRefuseWithOneClearLine() throws IOException {
    return keepsRowsOrRefuses(List.of(
        new Rewrite("optimize", List.of("optimize"), List.of(1, 3)),
        new Rewrite("vacuum", List.of("vacuum", "--retain", "0h", "--force"), List.of(1, 3, 5))));
  }

  /**
   * The query that sums up a table's rows in one line: how many, and an order-independent hash of them all. Each
   * row is hashed as its JSON, which every column type has (maps and variants, which {@code xxhash64} refuses,
   * and tables without columns).
   */
  static String fingerprint(Path table) {
    return "SELECT count(*) AS n, sum(CAST(xxhash64(to_json(struct(*))) AS DECIMAL(38, 0))) AS h FROM delta.`"
        + table + "`";
  }

  /** The fingerprint of a table's rows ({@code n,h}), or how its query failed. */
  static String fingerprintOf(Path table) {
    TestCli.Run r = TestCli.run("sql", fingerprint(table), "-o", "csv");
    if (r.exitCode() != 0) {
      assertOneClearLine(r);
      return outcome(r, table);
    }
    List<String> lines = r.out().lines().toList();
    assertThat(lines).as(r.toString()).hasSize(2).first().isEqualTo("n,h");
    return lines.get(1);
  }

  /** A command that rewrites a table, and the exit codes with which it may refuse. */
  record Rewrite(String name, List<String> command, List<Integer> refusals) {}

  /**
   * Runs rewriting commands one after the other on a copy of each table: the rows before them are the pinned
   * fingerprint (or its query fails as pinned), each command gives its pinned outcome, and after each that
   * works the rows are the same (count and an order-independent hash of every row).
   */
  private static Stream<DynamicTest> keepsRowsOrRefuses(List<Rewrite> rewrites) throws IOException {
    Path work = Files.createTempDirectory("deltactl-conformance-rewrites");
    return tables().stream().map(t -> DynamicTest.dynamicTest(
        rewrites.stream().map(Rewrite::name).collect(java.util.stream.Collectors.joining(", ")) + " "
            + t.getFileName(), () -> {
          Path copy = TestCli.copy(t, work.resolve(t.getFileName().toString()));
          String before = fingerprintOf(copy);
          report("fingerprint", t, before);
          assertOutcome("rows of " + t.getFileName(), before, expected(t, "fingerprint", before));
          for (Rewrite rewrite : rewrites) {
            List<String> args = new java.util.ArrayList<>(rewrite.command());
            args.addAll(List.of(copy.toString(), "-o", "json"));
            TestCli.Run r = TestCli.run(args.toArray(String[]::new));
            String observed = outcome(r, copy);
            report(rewrite.name(), t, observed);
            if (r.exitCode() != 0) {
              assertThat(r.exitCode()).as(r.toString()).isIn(rewrite.refusals().toArray());
              assertOneClearLine(r);
            }
            assertOutcome(rewrite.name() + " " + t.getFileName(), observed, expected(t, rewrite.name(), observed));
            if (r.exitCode() == 0) {
              assertOutcome("rows of " + t.getFileName() + " after " + rewrite.name(), fingerprintOf(copy),
                  expected(t, "fingerprint", before));
            }
          }
        }));
  }

  /**
   * An outcome as pinned: equal, or for a refusal the same exit code and a line that contains the pinned words
   * (Spark names whichever missing file its tasks met first).
   */
  static void assertOutcome(String what, String observed, String expected) {
    if (expected.startsWith("exit ")) {
      String exit = expected.substring(0, expected.indexOf(": ") + 2);
      assertThat(observed).as(what).startsWith(exit).contains(expected.substring(exit.length()));
    } else {
      assertThat(observed).as(what).isEqualTo(expected);
    }
  }

  private static void assertOneClearLine(TestCli.Run r) {
    assertThat(r.err()).as(r.toString()).startsWith("error: ").doesNotContain("\tat ");
    assertThat(r.err().strip().lines().count()).as(r.toString()).isEqualTo(1);
  }

  private static Map<String, Pin> pins(Pin... pins) {
    Map<String, Pin> m = new LinkedHashMap<>();
    for (Pin p : pins) {
      assertThat(m.put(p.table(), p)).as(p.table()).isNull();
    }
    return m;
  }
}
