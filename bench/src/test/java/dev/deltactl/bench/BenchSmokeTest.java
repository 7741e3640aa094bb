package dev.deltactl.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark runs end to end on tiny tables (one run per case) and writes its report. */
class BenchSmokeTest {
  @TempDir Path tmp;

  @Test
  void everyCaseRunsAndTheReportIsWritten() throws Exception {
    Path script = Path.of(System.getProperty("bench.dir"), "run.sh");
    ProcessBuilder pb = new ProcessBuilder("bash", script.toString())
        .redirectOutput(tmp.resolve("out").toFile())
        .redirectError(tmp.resolve("err").toFile());
    pb.environment().putAll(java.util.Map.of("BLOOM_ROWS", "20000", "BLOOM_FILES", "2", "LOOKUPS", "4",
        "SHELL_ROWS", "200", "SHELL_FILES", "2", "BENCH_DIRECT_OPTS", "-Dspark.sql.shuffle.partitions=2",
        // every section and both kinds of case (Kernel's and Spark's), not every case: 4 of 11, 1 of 3 (each case
        // is a few processes of each side, a minute or more on two cores); files checks that both list every file
        "BENCH_CASES", "^(history|describe|copy-into|files)"));
    pb.environment().putAll(java.util.Map.of("RUNS", "1", "COMMITS", "12", "ROWS", "2000", "FILES", "4",
        "CSV_ROWS", "1000", "CSV_FILES", "2", "MAINTAIN_TABLES", "1", "BENCH_NO_BUILD", "1", "BENCH_RESULTS", tmp.resolve("results").toString()));
    pb.environment().putAll(java.util.Map.of("LISTING_FILES", "300", "LISTING_COMMITS", "12"));
    Process p = pb.start();
    assertThat(p.waitFor(15, TimeUnit.MINUTES)).isTrue();
    String err = Files.readString(tmp.resolve("err"), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(err).isZero();
    List<Path> reports;
    try (Stream<Path> s = Files.list(tmp.resolve("results"))) {
      reports = s.toList();
    }
    assertThat(reports).hasSize(1);
    String report = Files.readString(reports.get(0), StandardCharsets.UTF_8);
    assertThat(report).contains("- machine: ", "- java: ", "- commit: ")
        .contains("bloom-index on 20000 rows (id, a random 32-character key, a, b) in 2 files, 2 row groups,")
        .containsPattern("\\| with the index      \\| +\\d+ \\| +[0-9] \\|")
        .containsPattern("\\| describe +\\| +\\d+\\.\\d\\d \\| +\\d+\\.\\d{3} \\| +\\d+\\.\\dx \\| \\d+ +\\|")
        .containsPattern("copy-into\nloaded the same 1000 rows \\(\\d+ MB\\) in \\d+\\.\\d\\d s against \\d+\\.\\d\\d s");
    List<String> rows = report.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| case"))
        .takeWhile(l -> !l.startsWith("| lookups")).toList();
    assertThat(rows).hasSize(4);
    assertThat(rows.get(0)).startsWith("| history (12 commits)");
    assertThat(rows.get(1)).startsWith("| describe (12 commits)");
    assertThat(rows.get(2)).startsWith("| copy-into (2 CSV files, ");
    assertThat(rows.get(3)).startsWith("| files (300 files) ");
    assertThat(report).doesNotContain("| optimize", "| health", "| maintain");
    assertThat(Files.readString(tmp.resolve("out"), StandardCharsets.UTF_8)).contains("written to " + tmp + File.separator);
  }

  /**
   * bench/scale.sh on tiny tables, describe and copy-into's record: the tables build, both sides run, and the
   * report has a row per command and table, the growth lines and the record's table.
   */
  @Test
  void theScaleReportIsWritten() throws Exception {
    Path script = Path.of(System.getProperty("bench.dir"), "scale.sh");
    ProcessBuilder pb = new ProcessBuilder("bash", script.toString())
        .redirectOutput(tmp.resolve("scale.out").toFile())
        .redirectError(tmp.resolve("scale.err").toFile());
    pb.environment().putAll(java.util.Map.of("RUNS", "1", "SCALE_FILES", "40 120", "SCALE_FILE_COMMITS", "12",
        "SCALE_PAST_FILES", "40", "SCALE_PAST", "3", "SCALE_LOGS", "15 45",
        "SCALE_CASES", "^(describe|record)$", "SCALE_RECORDS", "20:10",
        "BENCH_DIRECT_OPTS", "-Dspark.sql.shuffle.partitions=2", "BENCH_NO_BUILD", "1"));
    // one record table of 10 commits, 10 of its 20 files loaded past the record's retention
    pb.environment().put("SCALE_RECORD_COMMITS", "10");
    pb.environment().put("BENCH_RESULTS", tmp.resolve("scale-results").toString());
    Process p = pb.start();
    assertThat(p.waitFor(15, TimeUnit.MINUTES)).isTrue();
    String err = Files.readString(tmp.resolve("scale.err"), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(err).isZero();
    String report = Files.readString(tmp.resolve("scale.out"), StandardCharsets.UTF_8);
    List<String> rows = report.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| command")).toList();
    assertThat(rows).hasSize(11);
    assertThat(rows.get(0)).matches("\\| describe +\\| 40 files +\\| +\\d+\\.\\d\\d \\| +\\d+ \\| +\\d+\\.\\d\\d \\| +\\d+\\.\\d\\d "
        + "\\| +\\d+ \\| +\\d+\\.\\dx \\|");
    assertThat(rows.get(2)).startsWith("| describe                     | 40 files, 3 past ckpt ");
    assertThat(rows.get(4)).startsWith("| describe                     | 45 commits ");
    assertThat(report).contains("- describe: time per file at 120 files is ",
        "- describe: 45 commits take ");
    // copy-into's record: each file found recorded, or rejected as expired (the script stops otherwise)
    assertThat(rows.get(5)).isEqualTo("| files loaded | 20, 10 expired |");
    assertThat(rows.get(7)).matches("\\| describe \\(Kernel\\)( \\| \\d+\\.\\d\\d s, \\d+ MB) \\|");
    assertThat(rows.get(10)).matches("\\| checkpoint, checksum file( \\| \\d+ KB, \\d+ KB) \\|");
    try (Stream<Path> s = Files.list(tmp.resolve("scale-results"))) {
      assertThat(s.toList()).singleElement().satisfies(f -> assertThat(f.getFileName().toString()).endsWith("-scale.md"));
    }
  }
}
