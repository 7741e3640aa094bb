package dev.deltactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * time-travel versions -n N reads only the newest N versions (from the snapshot of the first of them), and gives
 * the first N entries of the whole answer: the same versions, operations and readability. Their timestamps are
 * those of {@code history -n N}: like Delta's history with a limit, commit times that do not increase are made to
 * within the versions read (the whole answer may shift them differently).
 */
class VersionsLimitTest {
  @TempDir Path tmp;

  private static TestCli.Run versions(String table, String... more) {
    List<String> args = new ArrayList<>(List.of("time-travel", "versions", table, "-o", "json"));
    args.addAll(List.of(more));
    // Kernel answers where it reads the table; on the two conformance tables it cannot, Spark does (cut to N)
    return TestCli.run(args.toArray(String[]::new));
  }

  /** The first n entries of a versions answer (newest first), as JSON text without their timestamps. */
  private static String first(String json, int n) {
    JsonNode all = Json.parse(json).get("versions");
    List<String> out = new ArrayList<>();
    for (int i = 0; i < Math.min(n, all.size()); i++) {
      com.fasterxml.jackson.databind.node.ObjectNode e = all.get(i).deepCopy();
      e.remove("timestamp");
      out.add(e.toString());
    }
    return out.toString();
  }

  /** The versions and timestamps of a versions answer, or of a history answer, newest first. */
  private static List<String> times(JsonNode entries) {
    List<String> out = new ArrayList<>();
    entries.forEach(e -> out.add(e.get("version").asLong() + "@" + e.get("timestamp").asText()));
    return out;
  }

  private static void sameTimesAsHistory(String table, TestCli.Run some, int n) {
    TestCli.Run history = TestCli.run("history", table, "-n", String.valueOf(n), "-o", "json");
    assertThat(history.exitCode()).as(history.toString()).isZero();
    assertThat(times(Json.parse(some.out()).get("versions"))).isEqualTo(times(Json.parse(history.out())));
  }

  private static String entries(String json) {
    return first(json, Integer.MAX_VALUE);
  }

  @Test
  void theNewestVersionsOfATableWithVacuumedFilesAreTheFirstOfTheWholeAnswer() {
    String t = tmp.resolve("t").toString();
    for (List<String> args : List.of(
        List.of("create", t, "--property", "delta.checkpointInterval=3", "--as-select", "SELECT 1L AS id", "-q"),
        List.of("sql", "INSERT OVERWRITE delta.`" + t + "` SELECT 2L AS id", "-q"),
        List.of("sql", "INSERT INTO delta.`" + t + "` SELECT 3L AS id", "-q"),
        List.of("sql", "INSERT OVERWRITE delta.`" + t + "` SELECT 4L AS id", "-q"),
        List.of("sql", "INSERT INTO delta.`" + t + "` SELECT 5L AS id", "-q"),
        List.of("vacuum", t, "--retain", "0h", "--force", "-q"),
        List.of("sql", "INSERT INTO delta.`" + t + "` SELECT 6L AS id", "-q"))) {
      TestCli.Run r = TestCli.run(args.toArray(String[]::new));
      assertThat(r.exitCode()).as(r.toString()).isZero();
    }
    TestCli.Run all = versions(t);
    assertThat(all.exitCode()).as(all.toString()).isZero();
    JsonNode whole = Json.parse(all.out()).get("versions");
    // vacuum left the versions from the last overwrite (3) on readable, those before it not
    List<String> readable = new ArrayList<>();
    whole.forEach(v -> readable.add(v.get("version").asLong() + ":" + v.get("readable").asBoolean()));
    int versions = whole.size();
    assertThat(readable.subList(versions - 4, versions)).containsExactly("3:true", "2:false", "1:false", "0:false");
    TestCli.Run kernelOnly = TestCli.onKernelOnly("time-travel", "versions", t, "-n", "2", "-o", "json");
    assertThat(kernelOnly.exitCode()).as(kernelOnly.toString()).isZero();
    for (int n : new int[] {1, 2, versions - 3, versions - 2, versions, 50}) {
      TestCli.Run some = versions(t, "-n", String.valueOf(n));
      assertThat(some.exitCode()).as(some.toString()).isZero();
      assertThat(entries(some.out())).as("-n " + n).isEqualTo(first(all.out(), n));
      sameTimesAsHistory(t, some, n);
    }
  }

  @TestFactory
  Stream<DynamicTest> onEveryConformanceTableTheNewestThreeAreTheFirstThree() throws Exception {
    return ConformanceTest.tables().stream().map(t -> DynamicTest.dynamicTest(t.getFileName().toString(), () -> {
      TestCli.Run all = versions(t.toString());
      TestCli.Run some = versions(t.toString(), "-n", "3");
      assertThat(some.exitCode()).as(some.toString()).isEqualTo(all.exitCode());
      if (all.exitCode() == 0) {
        assertThat(entries(some.out())).isEqualTo(first(all.out(), 3));
        sameTimesAsHistory(t.toString(), some, 3);
      } else {
        assertThat(some.err()).isEqualTo(all.err());
      }
    }));
  }
}
