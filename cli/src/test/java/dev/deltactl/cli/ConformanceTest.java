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
  Stream<DynamicTest> describeAndHistoryWorkOrFailWithOneClearLine() throws IOException {
    return tables().stream().flatMap(t -> Stream.of("describe", "history").map(cmd ->
        DynamicTest.dynamicTest(cmd + " " + t.getFileName(), () -> {
          TestCli.Run r = TestCli.run(cmd, t.toString(), "-o", "json");
          System.out.println("conformance " + cmd + " " + t.getFileName() + ": exit " + r.exitCode()
              + (r.exitCode() == 0 ? "" : " " + r.err().strip()));
          if (r.exitCode() == 0) {
            assertThat(r.out()).startsWith(cmd.equals("describe") ? "{\"format\":\"delta\"" : "[{\"version\":");
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
    Path work = Files.createTempDirectory("deltactl-conformance");
    return tables().stream().map(t -> DynamicTest.dynamicTest("optimize " + t.getFileName(), () -> {
      Path copy = TestCli.copy(t, work.resolve(t.getFileName().toString()));
      String query = "SELECT count(*) AS n, sum(CAST(xxhash64(*) AS DECIMAL(38, 0))) AS h FROM delta.`" + copy + "`";
      TestCli.Run before = TestCli.run("sql", query, "-o", "csv");
      TestCli.Run r = TestCli.run("optimize", copy.toString(), "-o", "json");
      System.out.println("conformance optimize " + t.getFileName() + ": exit " + r.exitCode()
          + (r.exitCode() == 0 ? " " + Json.parse(r.out()).get("status").asText() : " " + r.err().strip()));
      if (r.exitCode() == 0) {
        TestCli.Run after = TestCli.run("sql", query, "-o", "csv");
        assertThat(after.exitCode()).as(after.toString()).isEqualTo(before.exitCode());
        assertThat(after.out()).as("rows of " + t.getFileName()).isEqualTo(before.out());
      } else {
        assertThat(r.exitCode()).as(r.toString()).isIn(1, 3);
        assertThat(r.err()).as(r.toString()).startsWith("error: ").doesNotContain("\tat ");
        assertThat(r.err().strip().lines().count()).as(r.toString()).isEqualTo(1);
      }
    }));
  }

  @TestFactory
  Stream<DynamicTest> vacuumKeepsTheCurrentRowsOrRefusesByFeatureName() throws IOException {
    Path work = Files.createTempDirectory("deltactl-conformance-vacuum");
    return tables().stream().map(t -> DynamicTest.dynamicTest("vacuum " + t.getFileName(), () -> {
      Path copy = TestCli.copy(t, work.resolve(t.getFileName().toString()));
      String query = "SELECT count(*) AS n, sum(CAST(xxhash64(*) AS DECIMAL(38, 0))) AS h FROM delta.`" + copy + "`";
      TestCli.Run before = TestCli.run("sql", query, "-o", "csv");
      TestCli.Run r = TestCli.run("vacuum", copy.toString(), "--retain", "0h", "--force", "-o", "json");
      System.out.println("conformance vacuum " + t.getFileName() + ": exit " + r.exitCode()
          + (r.exitCode() == 0 ? " deleted " + Json.parse(r.out()).get("numDeletedFiles") : " " + r.err().strip()));
      if (r.exitCode() == 0) {
        TestCli.Run after = TestCli.run("sql", query, "-o", "csv");
        assertThat(after.exitCode()).as(after.toString()).isEqualTo(before.exitCode());
        assertThat(after.out()).as("rows of " + t.getFileName()).isEqualTo(before.out());
      } else {
        assertThat(r.exitCode()).as(r.toString()).isIn(1, 3, 5);
        assertThat(r.err()).as(r.toString()).startsWith("error: ").doesNotContain("\tat ");
        assertThat(r.err().strip().lines().count()).as(r.toString()).isEqualTo(1);
      }
    }));
  }
}
