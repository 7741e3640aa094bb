package dev.deltactl.core.engine.kernel;

import dev.deltactl.core.api.VersionsRequest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.deltactl.core.api.DescribeRequest;
import dev.deltactl.core.api.EngineConfig;
import dev.deltactl.core.api.HistoryRequest;
import dev.deltactl.core.api.HistoryResult;
import dev.deltactl.core.api.TableDetail;
import dev.deltactl.core.api.TableRef;
import dev.deltactl.core.api.VersionsResult;
import dev.deltactl.core.error.DeltactlException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The Kernel engine alone (no Spark) on every conformance table, a Delta table written by delta-rs, Spark or
 * Databricks: what describe, history and versions answer is pinned per table, or the exact code and message
 * with which it declines; a table added to the corpus without a pinned outcome fails.
 */
class KernelConformanceTest {
  static KernelEngine kernel;

  /**
   * Per table: {@code describe} (version, files, bytes), the length of {@code history}, and {@code versions}
   * (how many, how many readable); or the code and message of an answer that failed. {@code <table>} stands for
   * the table's path.
   */
  static final Map<String, String> PINS = pins(
      "COVID-19_NYT",
          "describe v0 files 8 bytes 6190485; history 1 commits; versions 1 (1 readable) latest 0",
      "cdc_ict_table",
          "describe NOT_SUPPORTED_BY_ENGINE the kernel engine cannot answer describe for <table>: IOException "
          + "reading from file <table>/_delta_log/00000000000000000001.json at offset 0 size 1839; history "
          + "NOT_SUPPORTED_BY_ENGINE the kernel engine cannot answer history for <table>: IOException reading from "
          + "file <table>/_delta_log/00000000000000000001.json at offset 0 size 1839; versions "
          + "NOT_SUPPORTED_BY_ENGINE the kernel engine cannot answer time-travel versions for <table>: IOException "
          + "reading from file <table>/_delta_log/00000000000000000001.json at offset 0 size 1839",
      "cdf-table",
          "describe v3 files 9 bytes 7282; history 4 commits; versions 4 (4 readable) latest 3",
      "cdf-table-non-partitioned",
          "describe v4 files 11 bytes 22637; history 5 commits; versions 5 (5 readable) latest 4",
      "cdf-table-with-cdc-and-dvs",
          "describe v25 files 2 bytes 1753; history 26 commits; versions 26 (26 readable) latest 25",
      "checkpoint-cdf-table",
          "describe v5 files 13 bytes 10910; history 3 commits; versions 3 (3 readable) latest 5",
      "checkpoint-v2-table",
          "describe v9 files 8 bytes 8924; history 10 commits; versions 10 (10 readable) latest 9",
      "checkpoint_with_partitions",
          "describe v2 files 2 bytes 200; history 2 commits; versions 2 (0 readable) latest 2",
      "checkpoints",
          "describe v12 files 12 bytes 18024; history 13 commits; versions 13 (1 readable) latest 12",
      "checkpoints_tombstones",
          "describe NOT_A_DELTA_TABLE <table> is not a Delta table: it has no _delta_log folder; history "
          + "NOT_A_DELTA_TABLE <table> is not a Delta table: it has no _delta_log folder; versions "
          + "NOT_A_DELTA_TABLE <table> is not a Delta table: it has no _delta_log folder",
      "checkpoints_vacuumed",
          "describe v12 files 12 bytes 18024; history 8 commits; versions 8 (0 readable) latest 12",
      "concurrent_workers",
          "describe v0 files 0 bytes 0; history 1 commits; versions 1 (1 readable) latest 0",
      "delta-0.2.0",
          "describe v3 files 3 bytes 1200; history 4 commits; versions 4 (4 readable) latest 3",
      "delta-0.8-empty",
          "describe v1 files 0 bytes 0; history 2 commits; versions 2 (2 readable) latest 1",
      "delta-0.8.0",
          "describe v1 files 2 bytes 880; history 2 commits; versions 2 (2 readable) latest 1",
      "delta-0.8.0-date",
          "describe v0 files 1 bytes 685; history 1 commits; versions 1 (1 readable) latest 0",
      "delta-0.8.0-null-partition",
          "describe v0 files 2 bytes 920; history 1 commits; versions 1 (1 readable) latest 0",
      "delta-0.8.0-numeric-partition",
          "describe v0 files 2 bytes 804; history 1 commits; versions 1 (1 readable) latest 0",
      "delta-0.8.0-partitioned",
          "describe v0 files 6 bytes 2477; history 1 commits; versions 1 (1 readable) latest 0",
      "delta-0.8.0-special-partition",
          "describe v0 files 2 bytes 920; history 1 commits; versions 1 (1 readable) latest 0",
      "delta-1.2.1-only-struct-stats",
          "describe v12 files 12 bytes 66109; history 13 commits; versions 13 (13 readable) latest 12",
      "delta-2.2.0-partitioned-types",
          "describe v0 files 3 bytes 1356; history 1 commits; versions 1 (1 readable) latest 0",
      "delta-checkpoint-stats-optional",
          "describe v2 files 2 bytes 10978; history 3 commits; versions 3 (3 readable) latest 2",
      "delta-live-table",
          "describe v1 files 0 bytes 0; history 2 commits; versions 2 (1 readable) latest 1",
      "delta-stats-optional",
          "describe v2 files 2 bytes 10978; history 3 commits; versions 3 (3 readable) latest 2",
      "golden",
          "describe NOT_A_DELTA_TABLE <table> is not a Delta table: it has no _delta_log folder; history "
          + "NOT_A_DELTA_TABLE <table> is not a Delta table: it has no _delta_log folder; versions "
          + "NOT_A_DELTA_TABLE <table> is not a Delta table: it has no _delta_log folder",
      "http_requests",
          "describe v1 files 2 bytes 9756; history 2 commits; versions 2 (2 readable) latest 1",
      "issue-2152",
          "describe v0 files 0 bytes 0; history 1 commits; versions 1 (1 readable) latest 0",
      "issue_1374",
          "describe v1 files 2 bytes 2042; history 2 commits; versions 2 (2 readable) latest 1",
      "latest_not_checkpointed",
          "describe v3 files 1 bytes 1010; history 4 commits; versions 4 (1 readable) latest 3",
      "partition-type-primitives",
          "describe v0 files 16 bytes 13297; history 1 commits; versions 1 (1 readable) latest 0",
      "python-0.25.5-checkpoint",
          "describe v1 files 2 bytes 1044; history 2 commits; versions 2 (2 readable) latest 1",
      "simple_commit",
          "describe v0 files 0 bytes 0; history 1 commits; versions 1 (1 readable) latest 0",
      "simple_table",
          "describe v4 files 5 bytes 1811; history 5 commits; versions 5 (5 readable) latest 4",
      "simple_table_features",
          "describe NOT_SUPPORTED_BY_ENGINE the kernel engine cannot answer describe for <table>: Unsupported "
          + "Delta protocol reader version: table `<table>` requires reader version 5 which is unsupported by this "
          + "version of Delta Kernel.; history NOT_SUPPORTED_BY_ENGINE the kernel engine cannot answer history for "
          + "<table>: Unsupported Delta protocol reader version: table `<table>` requires reader version 5 which "
          + "is unsupported by this version of Delta Kernel.; versions NOT_SUPPORTED_BY_ENGINE the kernel engine "
          + "cannot answer time-travel versions for <table>: Unsupported Delta protocol reader version: table "
          + "`<table>` requires reader version 5 which is unsupported by this version of Delta Kernel.",
      "simple_table_with_cdc",
          "describe v2 files 1 bytes 1026; history 3 commits; versions 3 (3 readable) latest 2",
      "simple_table_with_checkpoint",
          "describe v10 files 11 bytes 4862; history 11 commits; versions 11 (11 readable) latest 10",
      "spark-shredded-variant-preview-delta",
          "describe v2 files 4 bytes 24861; history 3 commits; versions 3 (3 readable) latest 2",
      "spark-variant-checkpoint",
          "describe v2 files 4 bytes 24911; history 3 commits; versions 3 (3 readable) latest 2",
      "spark-variant-stable-feature-checkpoint",
          "describe v1 files 4 bytes 667559; history 2 commits; versions 2 (0 readable) latest 1",
      "table-with-domain-metadata",
          "describe CORRUPT_LOG <table>/_delta_log/00000000000000000108.json is missing: the log goes from "
          + "version 107 to no later commit; restore the file from a backup before using the table; history "
          + "CORRUPT_LOG <table>/_delta_log/00000000000000000108.json is missing: the log goes from version 107 to "
          + "no later commit; restore the file from a backup before using the table; versions CORRUPT_LOG "
          + "<table>/_delta_log/00000000000000000108.json is missing: the log goes from version 107 to no later "
          + "commit; restore the file from a backup before using the table",
      "table-with-dv-small",
          "describe v1 files 1 bytes 635; history 2 commits; versions 2 (2 readable) latest 1",
      "table-without-dv-small",
          "describe v0 files 1 bytes 548; history 1 commits; versions 1 (1 readable) latest 0",
      "table_failed_last_checkpoint_update",
          "describe v3 files 4 bytes 5728; history 4 commits; versions 4 (4 readable) latest 3",
      "table_with_column_mapping",
          "describe v0 files 2 bytes 1700; history 1 commits; versions 1 (1 readable) latest 0",
      "table_with_deletion_logs",
          "describe v20 files 1 bytes 10499; history 21 commits; versions 21 (21 readable) latest 20",
      "table_with_edge_timestamps",
          "describe v0 files 2 bytes 2402; history 1 commits; versions 1 (1 readable) latest 0",
      "table_with_liquid_clustering",
          "describe v0 files 10 bytes 5259; history 1 commits; versions 1 (1 readable) latest 0",
      "table_with_null_stats_in_notnull_struct",
          "describe v1 files 2 bytes 1525; history 2 commits; versions 2 (2 readable) latest 1",
      "table_with_partitioning_mapping",
          "describe v4 files 2 bytes 1460; history 5 commits; versions 5 (5 readable) latest 4",
      "with_checkpoint_no_last_checkpoint",
          "describe v3 files 1 bytes 1010; history 4 commits; versions 4 (1 readable) latest 3");

  @BeforeAll
  static void open() {
    kernel = new KernelEngine(EngineConfig.local());
  }

  /** The conformance tables, found from this module's folder (Kernel only reads them). */
  static List<Path> tables() throws IOException {
    Path dir = Path.of(System.getProperty("conformance.dir", "../testdata/conformance/delta-rs-tables"))
        .toAbsolutePath().normalize();
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isDirectory).sorted().toList();
    }
  }

  /** What Kernel answers on one table, as pinned. */
  static String outcome(Path t) {
    TableRef ref = TableRef.ofPath(t.toString());
    String describe = answer(t, () -> {
      TableDetail d = kernel.describe(new DescribeRequest(ref));
      return "v" + d.version() + " files " + d.numFiles() + " bytes " + d.sizeInBytes();
    });
    String history = answer(t, () -> {
      HistoryResult h = kernel.history(new HistoryRequest(ref, null));
      return h.entries().size() + " commits";
    });
    String versions = answer(t, () -> {
      VersionsResult v = kernel.versions(new VersionsRequest(ref));
      long readable = v.versions().stream().filter(VersionsResult.Entry::readable).count();
      return v.versions().size() + " (" + readable + " readable) latest " + v.latest();
    });
    return "describe " + describe + "; history " + history + "; versions " + versions;
  }

  private static String answer(Path t, Supplier<String> q) {
    try {
      return q.get();
    } catch (DeltactlException e) {
      return e.code() + " " + e.getMessage().replace("file:" + t, "<table>").replace(t.toString(), "<table>");
    }
  }

  @TestFactory
  Stream<DynamicTest> answersAsPinnedOnEveryConformanceTable() throws IOException {
    return tables().stream().map(t -> DynamicTest.dynamicTest(t.getFileName().toString(), () -> {
      String name = t.getFileName().toString();
      String observed = outcome(t);
      assertThat(PINS).as("no pinned outcome for the conformance table " + name + "; it gives: " + observed)
          .containsKey(name);
      assertThat(observed).as(name).isEqualTo(PINS.get(name));
    }));
  }

  @Test
  void everyPinNamesATableOfTheCorpus() throws IOException {
    assertThat(tables().stream().map(t -> t.getFileName().toString()))
        .containsExactlyInAnyOrderElementsOf(PINS.keySet());
  }

  private static Map<String, String> pins(String... tableThenOutcome) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < tableThenOutcome.length; i += 2) {
      assertThat(m.put(tableThenOutcome[i], tableThenOutcome[i + 1])).as(tableThenOutcome[i]).isNull();
    }
    return m;
  }
}
