package dev.deltactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * vacuum --mode lite on a table whose log no longer holds every removed file: Delta refuses, and both Spark
 * engines say so in Delta's words (which a Spark Connect client does not have) and with what to do instead.
 */
@Tag(TestCli.MATRIX)
@Tag(TestCli.NOT_ON_CLUSTER)
class VacuumLiteOnEveryEngineTest {
  @TempDir Path tmp;

  @Test
  void liteOnACleanedLogSaysWhatToDoAndDeletesNothing() throws IOException {
    String t = tmp.resolve("t").toString();
    for (List<String> args : List.of(
        List.of("create", t, "--property", "delta.checkpointInterval=2", "--as-select", "SELECT 1 AS id", "-q"),
        List.of("sql", "INSERT OVERWRITE delta.`" + t + "` SELECT 2 AS id", "-q"),
        List.of("sql", "INSERT OVERWRITE delta.`" + t + "` SELECT 3 AS id", "-q"),
        List.of("sql", "INSERT OVERWRITE delta.`" + t + "` SELECT 4 AS id", "-q"))) {
      TestCli.Run r = TestCli.run(args.toArray(String[]::new));
      assertThat(r.exitCode()).as(r.toString()).isZero();
    }
    Path log = Path.of(t, "_delta_log");
    assertThat(log.resolve(String.format("%020d.checkpoint.parquet", 2))).exists();
    // the log cleaned up as Delta does past delta.logRetentionDuration: the commits before the checkpoint
    try (Stream<Path> s = Files.list(log)) {
      for (Path p : s.toList()) {
        String name = p.getFileName().toString();
        if (name.matches("\\.?0{19}[01]\\.json(\\.crc)?|\\.?0{19}[01]\\.crc(\\.crc)?")) {
          Files.delete(p);
        }
      }
    }
    List<Path> data;
    try (Stream<Path> s = Files.list(Path.of(t))) {
      data = s.filter(p -> p.toString().endsWith(".parquet")).sorted().toList();
    }
    String expected = "error: [DELTA_CANNOT_VACUUM_LITE] VACUUM LITE cannot delete all eligible files as some files"
        + " are not referenced by the Delta log. Please run VACUUM FULL. The log no longer holds every removed file"
        + " (it was cleaned up); --mode full lists the folders instead.\n";
    for (List<String> extra : List.of(List.of("--dry-run"), List.<String>of())) {
      String[] args = Stream.concat(Stream.of("vacuum", t, "--mode", "lite", "--retain", "0h", "--force"),
          extra.stream()).toArray(String[]::new);
      TestCli.Run r = TestCli.run(args);
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
      assertThat(r.err()).as(TestCli.engineKind()).isEqualTo(expected);
      assertThat(r.out()).isEmpty();
    }
    try (Stream<Path> s = Files.list(Path.of(t))) {
      assertThat(s.filter(p -> p.toString().endsWith(".parquet")).sorted().toList()).isEqualTo(data);
    }
  }
}
