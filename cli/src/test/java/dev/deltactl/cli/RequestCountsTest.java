package dev.deltactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the commands ask of an object store, counted by the store's own server (S3Proxy's and Azurite's logs
 * of the requests they handled) on a table of 12 commits with a checkpoint at version 10: the metadata
 * commands list the log once or twice and no data folder, no command lists the table's data folders except
 * {@code vacuum --mode full}, and the read-only ones write nothing. The counts are printed for the README.
 */
class RequestCountsTest {
  static Stream<Store> stores() {
    return Stream.of(TestServers.s3(), TestServers.azure()).map(Store::inSession);
  }

  /** A command's requests: all of them, and by kind. */
  record Counts(List<RequestLog.Request> all, String log, String table) {
    long count(String method) {
      return all.stream().filter(r -> r.method().equals(method) && !r.isList() && !r.isProbe()).count();
    }

    List<RequestLog.Request> dataLists() {
      return all.stream().filter(r -> r.isList() && !r.lists(log)).toList();
    }

    long lists() {
      return all.stream().filter(RequestLog.Request::isList).count();
    }

    long listsOfLog() {
      return all.stream().filter(r -> r.lists(log)).count();
    }

    /** Listings outside the log: the table's folders (or the bucket). */
    long listsOfData() {
      return lists() - listsOfLog();
    }

    @Override
    public String toString() {
      return String.format("%4d requests: %3d lists (%d of _delta_log), %3d HEAD, %3d GET, %3d PUT, %3d DELETE",
          all.size(), lists(), listsOfLog(), count("HEAD"), count("GET"), count("PUT"), count("DELETE"));
    }
  }

  private static Counts counted(Store s, String table, String... args) {
    RequestLog log = TestServers.requests(s);
    long mark = log.mark();
    TestCli.Run r = TestCli.run(s.args(args));
    assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r).isZero();
    // the folder in the bucket (S3) or container (Azure): what follows "bucket/" or "container@account/"
    String inBucket = table.replaceFirst("^[a-z0-9]+://[^/]+/", "");
    return new Counts(log.since(mark), inBucket + "/_delta_log", inBucket);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void metadataCommandsListTheLogOnceAndOnlyFullVacuumListsTheDataFolders(Store s) {
    String t = s.folder("counted");
    assertThat(TestCli.run(s.args("create", t, "--as-select", "SELECT id, id % 3 AS p FROM range(100)", "-q"))
        .exitCode()).isZero();
    for (int i = 1; i <= 11; i++) {
      assertThat(TestCli.run(s.args("sql", "INSERT INTO delta.`" + t + "` VALUES (" + (1000 + i) + ", 0)", "-q"))
          .exitCode()).isZero();
    }
    Map<String, Counts> counts = new LinkedHashMap<>();
    counts.put("describe", counted(s, t, "describe", t, "-o", "json"));
    counts.put("history", counted(s, t, "history", t, "-o", "json"));
    counts.put("time-travel versions", counted(s, t, "time-travel", "versions", t, "-o", "json"));
    counts.put("optimize", counted(s, t, "optimize", t, "-o", "json"));
    counts.put("vacuum --dry-run (lite)", counted(s, t, "vacuum", t, "--mode", "lite", "--dry-run", "-o", "json"));
    counts.put("vacuum --dry-run --mode full", counted(s, t, "vacuum", t, "--mode", "full", "--dry-run", "-o", "json"));
    counts.forEach((k, v) -> System.out.printf("requests %-6s %-30s %s%n", s.name(), k, v));
    System.out.println("requests " + s.name() + " full vacuum's listings of the table: "
        + counts.get("vacuum --dry-run --mode full").dataLists());
    // Kernel answers these from one listing of the log (history and versions list it once more to read
    // every commit); describe and history list no data folder, versions lists each folder of the table's files
    // once (here the table's own) rather than asking for each file; nothing is written
    assertThat(counts.get("describe").listsOfLog()).as(counts.get("describe").all().toString()).isEqualTo(1);
    for (String c : List.of("describe", "history", "time-travel versions")) {
      Counts n = counts.get(c);
      assertThat(n.listsOfLog()).as(c + ": " + n.all()).isBetween(1L, 2L);
      assertThat(n.listsOfData()).as(c + ": " + n.all()).isEqualTo(c.equals("time-travel versions") ? 1 : 0);
      assertThat(n.count("PUT") + n.count("DELETE") + n.count("POST")).as(c).isZero();
    }
    // Spark's commands list the log again at each step of Delta's (snapshot, conflict check, commit,
    // post-commit): measured 14 to 19 listings on 12 commits, kept from growing; the data folders only by
    // vacuum --mode full
    for (String c : List.of("optimize", "vacuum --dry-run (lite)", "vacuum --dry-run --mode full")) {
      assertThat(counts.get(c).listsOfLog()).as(c + ": " + counts.get(c).all()).isBetween(1L, 20L);
    }
    for (String c : List.of("optimize", "vacuum --dry-run (lite)")) {
      assertThat(counts.get(c).listsOfData()).as(c + ": " + counts.get(c).all()).isZero();
    }
    assertThat(counts.get("vacuum --dry-run --mode full").listsOfData()).isPositive();
  }
}
