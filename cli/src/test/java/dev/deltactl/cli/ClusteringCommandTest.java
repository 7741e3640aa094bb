package dev.deltactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Liquid clustering: create --cluster-by, cluster-by, optimize (incremental and --full) and describe on tables
 * written here; refusals in one line that leave the table as it was.
 */
class ClusteringCommandTest {
  @TempDir Path tmp;

  static JsonNode ok(String... args) {
    TestCli.Run r = TestCli.run(args);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return Json.parse(r.out());
  }

  /** Exit code and the one line of stderr. */
  static void refused(Path table, int exit, String message, String... args) {
    Map<String, String> before = table == null ? null : TestCli.fingerprint(table);
    TestCli.Run r = TestCli.run(args);
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(exit);
    assertThat(r.err().strip()).as(r.toString()).isEqualTo("error: " + message);
    assertThat(r.err().strip().lines().count()).isEqualTo(1);
    if (table != null) {
      assertThat(TestCli.fingerprint(table)).isEqualTo(before);
    }
  }

  /** A table clustered by id and day, with rows 0..9 inserted in {@code commits} commits of one file each. */
  static String clustered(Path dir, int commits) {
    String t = dir.toString();
    JsonNode created = ok("create", t, "--schema", "id BIGINT, name STRING, day INT", "--cluster-by", "id,day",
        "-o", "json");
    assertThat(created.get("table").get("clusteringColumns").toString()).isEqualTo("[\"id\",\"day\"]");
    int per = 10 / commits;
    for (int i = 0; i < commits; i++) {
      insert(t, i * per, i == commits - 1 ? 10 : (i + 1) * per);
    }
    return t;
  }

  static void insert(String t, long from, long to) {
    ok("sql", "INSERT INTO delta.`" + t + "` SELECT id, CAST(id AS STRING), CAST(id % 3 AS INT) FROM range("
        + from + ", " + to + ", 1, 1)", "-o", "json");
  }

  /** The table's data files, relative to it. */
  static List<String> dataFiles(String t) throws IOException {
    JsonNode files = ok("files", t, "-o", "json");
    List<String> out = new ArrayList<>();
    files.get("files").forEach(f -> out.add(f.get("path").asText()));
    return out;
  }

  static long bytes(String t) {
    return ok("files", t, "-o", "json").get("summary").get("bytes").asLong();
  }

  static String rows(String t) {
    return TestCli.run("sql", "SELECT id, name, day FROM delta.`" + t + "` ORDER BY id", "-o", "csv").out();
  }

  static final String ROWS = "id,name,day\r\n0,0,0\r\n1,1,1\r\n2,2,2\r\n3,3,0\r\n4,4,1\r\n5,5,2\r\n6,6,0\r\n7,7,1\r\n"
      + "8,8,2\r\n9,9,0\r\n";

  @Test
  void optimizeClustersTheFilesOfSeveralCommitsIntoOneAndThenHasNothingToDo() throws IOException {
    String t = clustered(tmp.resolve("t"), 3);
    assertThat(dataFiles(t)).hasSize(3);
    long bytes = bytes(t);
    Map<String, String> before = TestCli.fingerprint(Path.of(t));

    JsonNode dry = ok("optimize", t, "--dry-run", "-o", "json");
    assertThat(dry.get("status").asText()).isEqualTo("DRY_RUN");
    JsonNode plan = dry.get("plan");
    assertThat(plan.get("clusteringColumns").toString()).isEqualTo("[\"id\",\"day\"]");
    assertThat(plan.get("full").asBoolean()).isFalse();
    assertThat(plan.get("version").asLong()).isEqualTo(3);
    assertThat(plan.get("totalFiles").asLong()).isEqualTo(3);
    assertThat(plan.get("candidateFiles").asLong()).isEqualTo(3);
    assertThat(plan.get("candidateBytes").asLong()).isEqualTo(bytes);
    assertThat(plan.get("bins").asInt()).isEqualTo(1);
    assertThat(plan.get("expectedFilesAfter").asLong()).isEqualTo(1);
    assertThat(plan.get("fullRewriteFiles").asLong()).isEqualTo(3);
    assertThat(plan.get("fullRewriteBytes").asLong()).isEqualTo(bytes);
    assertThat(TestCli.fingerprint(Path.of(t))).isEqualTo(before);

    JsonNode done = ok("optimize", t, "-o", "json");
    assertThat(done.get("status").asText()).isEqualTo("OPTIMIZED");
    assertThat(done.get("version").asLong()).isEqualTo(4);
    assertThat(done.get("metrics").get("numFilesRemoved").asLong()).isEqualTo(3);
    assertThat(done.get("metrics").get("numFilesAdded").asLong()).isEqualTo(1);
    assertThat(done.get("metrics").get("filesRemoved").get("totalSize").asLong()).isEqualTo(bytes);
    assertThat(done.get("metrics").get("clusteringStats").get("inputZCubeFiles").get("numFiles").asLong()).isZero();
    assertThat(done.get("metrics").get("clusteringStats").get("inputOtherFiles").get("numFiles").asLong())
        .isEqualTo(3);
    assertThat(done.get("metrics").get("clusteringStats").get("numOutputZCubes").asLong()).isEqualTo(1);
    assertThat(dataFiles(t)).hasSize(1);
    assertThat(rows(t)).isEqualTo(ROWS);
    assertThat(TestCli.run("history", t, "-n", "1", "-o", "json").out()).contains("\"operation\":\"OPTIMIZE\"")
        .contains("\"clusterBy\":\"[\\\"id\\\",\\\"day\\\"]\"");

    // one cluster of every file: nothing to do, for a full run too (Delta's FULL leaves a single cluster)
    JsonNode again = ok("optimize", t, "-o", "json");
    assertThat(again.get("status").asText()).isEqualTo("NOTHING_TO_DO");
    assertThat(again.get("plan").get("candidateFiles").asLong()).isZero();
    assertThat(again.get("plan").get("fullRewriteFiles").asLong()).isZero();
    assertThat(ok("optimize", t, "--full", "-o", "json").get("status").asText()).isEqualTo("NOTHING_TO_DO");

    // new rows: the new file and the cluster it joins are clustered together
    insert(t, 10, 12);
    JsonNode more = ok("optimize", t, "--dry-run", "-o", "json").get("plan");
    assertThat(more.get("candidateFiles").asLong()).isEqualTo(2);
    assertThat(more.get("candidateBytes").asLong()).isEqualTo(bytes(t));

    JsonNode fullPlan = ok("optimize", t, "--full", "--dry-run", "-o", "json").get("plan");
    assertThat(fullPlan.get("full").asBoolean()).isTrue();
    assertThat(fullPlan.get("candidateFiles").asLong()).isEqualTo(2);
    assertThat(fullPlan.get("fullRewriteBytes").asLong()).isEqualTo(bytes(t));
    TestCli.Run table = TestCli.run("optimize", t, "--full", "--dry-run");
    assertThat(table.out()).contains("clusteringColumns  id, day (full)").contains("full run           2 files, ");
  }

  @Test
  void fullReclustersAClusterWrittenForTheOldColumnsThatAnIncrementalRunLeaves() throws IOException {
    String t = clustered(tmp.resolve("t"), 2);
    ok("optimize", t, "-o", "json");
    long clusteredBytes = bytes(t);
    Map<String, String> before = TestCli.fingerprint(Path.of(t));

    JsonNode dry = ok("cluster-by", t, "--by", "NAME", "--dry-run", "-o", "json");
    assertThat(dry.toString()).startsWith("{\"table\":\"" + t + "\",\"status\":\"DRY_RUN\",\"before\":[\"id\",\"day\"],"
        + "\"after\":[\"name\"],\"readVersion\":3,\"version\":3,");
    assertThat(TestCli.fingerprint(Path.of(t))).isEqualTo(before);

    JsonNode changed = ok("cluster-by", t, "--by", "name", "-o", "json");
    assertThat(changed.get("status").asText()).isEqualTo("CHANGED");
    assertThat(changed.get("after").toString()).isEqualTo("[\"name\"]");
    assertThat(changed.get("version").asLong()).isEqualTo(4);
    assertThat(ok("describe", t, "-o", "json").get("clusteringColumns").toString()).isEqualTo("[\"name\"]");
    JsonNode same = ok("cluster-by", t, "--by", "name", "-o", "json");
    assertThat(same.get("status").asText()).isEqualTo("UNCHANGED");
    assertThat(same.get("version").asLong()).isEqualTo(4);
    assertThat(TestCli.run("cluster-by", t, "--by", "name", "-o", "csv").out())
        .startsWith("status,table,before,after,readVersion,version,elapsedMillis\r\nUNCHANGED," + t + ",");

    // the file clustered by (id, day): an incremental run leaves it, --full reclusters it by name
    JsonNode incremental = ok("optimize", t, "-o", "json");
    assertThat(incremental.get("status").asText()).isEqualTo("NOTHING_TO_DO");
    assertThat(incremental.get("plan").get("fullRewriteFiles").asLong()).isEqualTo(1);
    assertThat(incremental.get("plan").get("fullRewriteBytes").asLong()).isEqualTo(clusteredBytes);
    JsonNode full = ok("optimize", t, "--full", "-o", "json");
    assertThat(full.get("status").asText()).isEqualTo("OPTIMIZED");
    assertThat(full.get("metrics").get("numFilesRemoved").asLong()).isEqualTo(1);
    assertThat(full.get("metrics").get("numFilesAdded").asLong()).isEqualTo(1);
    assertThat(rows(t)).isEqualTo(ROWS);

    JsonNode none = ok("cluster-by", t, "--none", "-o", "json");
    assertThat(none.get("before").toString()).isEqualTo("[\"name\"]");
    assertThat(none.get("after").toString()).isEqualTo("[]");
    assertThat(ok("describe", t, "-o", "json").get("clusteringColumns").toString()).isEqualTo("[]");
    // no clustering columns: optimize compacts, and --full has nothing to recluster
    refused(Path.of(t), 2, "optimize --full reclusters a clustered table, and " + t + " is not clustered; run"
        + " optimize without --full, or cluster it first with 'cluster-by " + t + " --by COL,...'",
        "optimize", t, "--full");
  }

  @Test
  void zorderOnAClusteredTableIsRefusedBeforeAnyWorkNamingClusterBy() {
    String t = clustered(tmp.resolve("t"), 2);
    String message = "cannot Z-order " + t + ": it is clustered by id, day (liquid clustering); change its clustering"
        + " columns with 'cluster-by " + t + " --by COL,...' and run optimize to cluster it";
    refused(Path.of(t), 2, message, "zorder", t, "--by", "name");
    refused(Path.of(t), 2, message, "optimize", t, "--zorder-by", "name", "--dry-run");
    refused(Path.of(t), 2, "optimize --where is for partitions, and " + t + " is clustered by id, day (not"
        + " partitioned); run optimize without --where", "optimize", t, "--where", "day = 1");
    // Delta's own refusals, through sql and create, in the user's words: no [DELTA_...] text
    String featured = tmp.resolve("featured").toString();
    refused(null, 2, "clustering is not turned on by a table property; use create --cluster-by COL,...",
        "create", featured, "--schema", "a INT", "--property", "delta.feature.clustering=supported");
    refused(null, 2, "cannot cluster by b : MAP<STRING, INT>: clustering columns must be numbers, strings, dates or"
        + " timestamps", "sql", "CREATE TABLE delta.`" + tmp.resolve("m") + "` (a INT, b MAP<STRING, INT>) USING"
        + " delta CLUSTER BY (b)");
    refused(Path.of(t), 2, "the table is clustered (liquid clustering) and cannot be Z-ordered; change its clustering"
        + " columns with cluster-by and run optimize", "sql", "OPTIMIZE delta.`" + t + "` ZORDER BY (name)");
    refused(Path.of(t), 2, "a partitioned table cannot be clustered; create a new table with create --cluster-by",
        "sql", "ALTER TABLE delta.`" + partitioned() + "` CLUSTER BY (id)");
  }

  private String partitioned() {
    String p = tmp.resolve("p").toString();
    ok("create", p, "--schema", "id BIGINT, day INT", "--partitioned-by", "day", "-o", "json");
    return p;
  }

  @Test
  void badColumnsAndCombinationsAreRefusedInOneLineAndChangeNothing() {
    String t = clustered(tmp.resolve("t"), 1);
    String wide = tmp.resolve("wide").toString();
    refused(null, 2, "--cluster-by cannot be combined with --partitioned-by: Delta Lake clusters a table or"
        + " partitions it, not both", "create", wide, "--schema", "a INT, b INT", "--cluster-by", "a",
        "--partitioned-by", "b");
    refused(null, 2, "cannot cluster " + wide + " by 'c': no such column; its columns are a, b",
        "create", wide, "--schema", "a INT, b INT", "--cluster-by", "c");
    refused(null, 2, "cannot cluster " + wide + " by 'm' of type MAP<STRING, INT>: clustering columns must be"
        + " numbers, strings, dates or timestamps", "create", wide, "--schema", "a INT, m MAP<STRING, INT>",
        "--cluster-by", "m");
    refused(null, 2, "cannot cluster " + wide + " by 'b': Delta collects no statistics for it (only for the first"
        + " delta.dataSkippingNumIndexedCols columns, 32 by default, or those of delta.dataSkippingStatsColumns);"
        + " set one of them to include it", "create", wide, "--schema", "a INT, b INT", "--cluster-by", "b",
        "--property", "delta.dataSkippingNumIndexedCols=1");
    refused(null, 2, "--cluster-by names 5 columns; Delta Lake clusters by at most 4", "create", wide, "--schema",
        "a INT, b INT, c INT, d INT, e INT", "--cluster-by", "a,b,c,d,e");
    assertThat(Files.exists(Path.of(wide))).isFalse();

    refused(Path.of(t), 2, "cannot cluster " + t + " by 'nope': no such column; its columns are id, name, day",
        "cluster-by", t, "--by", "nope");
    refused(Path.of(t), 2, "--by names column 'ID' twice", "cluster-by", t, "--by", "id,ID");
    refused(Path.of(t), 2, "give --by COL,... or --none, not both", "cluster-by", t, "--by", "id", "--none");
    refused(Path.of(t), 2, "cluster-by needs the new clustering columns (--by COL,...) or --none to remove them",
        "cluster-by", t);
    String p = partitioned();
    refused(Path.of(p), 2, "cannot cluster " + p + ": it is partitioned by day, and Delta Lake clusters only tables"
        + " without partitions; create a new table with create --cluster-by", "cluster-by", p, "--by", "id");
  }

  @Test
  void aTableWithoutPartitionsBecomesClusteredAndMaintainClustersItWithoutZOrdering() throws IOException {
    String t = tmp.resolve("plain").toString();
    ok("create", t, "--as-select", "SELECT id, CAST(id AS STRING) AS name FROM range(0, 10, 1, 2)",
        "--property", "deltactl.zorder.by=name", "-o", "json");
    JsonNode changed = ok("cluster-by", t, "--by", "id", "-o", "json");
    assertThat(changed.get("before").toString()).isEqualTo("[]");
    assertThat(changed.get("after").toString()).isEqualTo("[\"id\"]");
    assertThat(ok("describe", t, "-o", "json").get("tableFeatures").toString()).contains("\"clustering\"");
    JsonNode m = ok("maintain", t, "--only", "optimize", "--policy", "smallFilesDue=1", "-o", "json");
    JsonNode step = m.get("tables").get(0).get("steps").get(0);
    assertThat(step.get("form").asText()).isEqualTo("optimize (clustering by id)");
    assertThat(step.get("status").asText()).as(m.toString()).isEqualTo("done");
    assertThat(dataFiles(t)).hasSize(1);
    assertThat(TestCli.run("sql", "SELECT count(*) AS n FROM delta.`" + t + "`", "-o", "csv").out())
        .isEqualTo("n\r\n10\r\n");
  }
}
