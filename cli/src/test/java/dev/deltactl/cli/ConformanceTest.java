package dev.deltactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The read-only commands on every table of the conformance corpus (tables written by delta-rs, Spark and
 * Databricks over many protocol versions): each works, or fails with exit 3 or 1 and one line that names
 * the reason, never a stack trace.
 */
class ConformanceTest {

  static List<Path> tables() throws IOException {
    try (Stream<Path> s = Files.list(TestCli.conformance())) {
      return s.filter(Files::isDirectory).sorted().toList();
    }
  }

  @TestFactory
  Stream<DynamicTest> readOnlyCommandsWorkOrFailWithOneClearLine() throws IOException {
    return tables().stream().flatMap(t -> Stream.of("describe", "history", "versions", "show").map(cmd ->
        DynamicTest.dynamicTest(cmd + " " + t.getFileName(), () -> {
          TestCli.Run r = switch (cmd) {
            case "versions" -> TestCli.run("time-travel", "versions", t.toString(), "-o", "json");
            case "show" -> TestCli.run("time-travel", "show", t.toString(), "--count", "-o", "json");
            default -> TestCli.run(cmd, t.toString(), "-o", "json");
          };
          System.out.println("conformance " + cmd + " " + t.getFileName() + ": exit " + r.exitCode()
              + (r.exitCode() == 0 ? "" : " " + r.err().strip()));
          if (r.exitCode() == 0) {
            assertThat(r.out()).startsWith(switch (cmd) {
              case "describe" -> "{\"format\":\"delta\"";
              case "history" -> "[{\"version\":";
              default -> "{\"table\":";
            });
          } else {
            assertThat(r.exitCode()).as(r.toString()).isIn(1, 3);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).as(r.toString()).startsWith("error: ").doesNotContain("\tat ");
            assertThat(r.err().strip().lines().count()).as(r.toString()).isEqualTo(1);
          }
        })));
  }

  @TestFactory
  Stream<DynamicTest> optimizeKeepsEveryRowOrRefusesWithOneClearLine() throws IOException {
    return keepsRowsOrRefuses("optimize", List.of("optimize"), List.of(1, 3));
  }

  @TestFactory
  Stream<DynamicTest> vacuumKeepsTheCurrentRowsOrRefusesByFeatureName() throws IOException {
    return keepsRowsOrRefuses("vacuum", List.of("vacuum", "--retain", "0h", "--force"), List.of(1, 3, 5));
  }

  /**
   * Runs a rewriting command on a copy of each table: it keeps the rows (count and an order-independent hash
   * of every row), or fails with one of {@code refusals} and one clear line.
   */
  private static Stream<DynamicTest> keepsRowsOrRefuses(String name, List<String> command, List<Integer> refusals)
      throws IOException {
    Path work = Files.createTempDirectory("deltactl-conformance-" + name);
    return tables().stream().map(t -> DynamicTest.dynamicTest(name + " " + t.getFileName(), () -> {
      Path copy = TestCli.copy(t, work.resolve(t.getFileName().toString()));
      String query = "SELECT count(*) AS n, sum(CAST(xxhash64(*) AS DECIMAL(38, 0))) AS h FROM delta.`" + copy + "`";
      TestCli.Run before = TestCli.run("sql", query, "-o", "csv");
      List<String> args = new java.util.ArrayList<>(command);
      args.addAll(List.of(copy.toString(), "-o", "json"));
      TestCli.Run r = TestCli.run(args.toArray(String[]::new));
      System.out.println("conformance " + name + " " + t.getFileName() + ": exit " + r.exitCode()
          + (r.exitCode() == 0 ? "" : " " + r.err().strip()));
      if (r.exitCode() == 0) {
        TestCli.Run after = TestCli.run("sql", query, "-o", "csv");
        assertThat(after.exitCode()).as(after.toString()).isEqualTo(before.exitCode());
        assertThat(after.out()).as("rows of " + t.getFileName()).isEqualTo(before.out());
      } else {
        assertThat(r.exitCode()).as(r.toString()).isIn(refusals.toArray());
        assertThat(r.err()).as(r.toString()).startsWith("error: ").doesNotContain("\tat ");
        assertThat(r.err().strip().lines().count()).as(r.toString()).isEqualTo(1);
      }
    }));
  }
}
