package dev.deltactl.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * copy-into's exactly-once guarantee where only separate processes can show it: a run killed with SIGKILL
 * while it writes, then run again; two runs at once. Every source row ends up in the table exactly once.
 */
class CopyIntoProcessesTest {
  static final int FILES = 24;
  static final int ROWS_PER_FILE = 10_000;
  @TempDir static Path tmp;
  static Path home;
  static Path source;

  @BeforeAll
  static void sourceFiles() throws Exception {
    home = tmp.resolve("home");
    source = Files.createDirectories(tmp.resolve("landing"));
    for (int f = 0; f < FILES; f++) {
      try (BufferedWriter w = Files.newBufferedWriter(source.resolve(String.format("part-%02d.csv", f)),
          StandardCharsets.UTF_8)) {
        w.write("id,name,amount\n");
        for (int i = 0; i < ROWS_PER_FILE; i++) {
          long id = (long) f * ROWS_PER_FILE + i;
          w.write(id + ",name-" + id + "," + (id % 1000) / 10.0 + "\n");
        }
      }
    }
  }

  private static Path table(String name) throws Exception {
    Path t = tmp.resolve(name);
    Launcher.Result r = Launcher.deltactl(home, "create", t.toString(), "--schema",
        "id BIGINT, name STRING, amount DOUBLE", "-q");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return t;
  }

  private static Process copy(Path table) throws Exception {
    return Launcher.start(home, List.of(Launcher.LAUNCHER.toString(), "copy-into", table.toString(), "--from",
        source.toString(), "--format", "csv", "--format-option", "header=true", "-o", "json"), Map.of());
  }

  /** count(*), count(DISTINCT id), min(id), max(id): each source row exactly once is N, N, 0, N-1. */
  private static String counts(Path table) throws Exception {
    Launcher.Result r = Launcher.deltactl(home, "sql", "SELECT count(*) AS n, count(DISTINCT id) AS d, min(id) AS lo,"
        + " max(id) AS hi, count(DISTINCT name) AS names FROM delta.`" + table + "`", "-o", "csv");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return r.out().lines().skip(1).findFirst().orElseThrow();
  }

  private static final String ONCE = (FILES * ROWS_PER_FILE) + "," + (FILES * ROWS_PER_FILE) + ",0,"
      + (FILES * ROWS_PER_FILE - 1) + "," + (FILES * ROWS_PER_FILE);

  private static long dataFiles(Path table) throws Exception {
    try (Stream<Path> s = Files.list(table)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".parquet")).count();
    }
  }

  private static boolean committed(Path table) {
    return Files.exists(table.resolve("_delta_log/00000000000000000001.json"));
  }

  @Test
  void aRunKilledWhileWritingLoadsNothingAndTheNextRunLoadsEveryRowOnce() throws Exception {
    Path t = table("killed");
    Process p = copy(t);
    long deadline = System.currentTimeMillis() + 120_000;
    while (dataFiles(t) == 0 && p.isAlive() && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertThat(p.isAlive()).as("the run was still writing when killed").isTrue();
    p.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no cleanup
    assertThat(dataFiles(t)).as("files written before the kill").isPositive();
    assertThat(committed(t)).as("nothing committed").isFalse();
    assertThat(counts(t)).isEqualTo("0,0,,,0");
    System.out.println("copy-into killed with " + dataFiles(t) + " data files written and no commit");

    Launcher.Result again = Launcher.finish(copy(t));
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.out()).contains("\"numFilesLoaded\":" + FILES, "\"numRowsInserted\":" + FILES * ROWS_PER_FILE);
    assertThat(counts(t)).isEqualTo(ONCE);
    Launcher.Result third = Launcher.finish(copy(t));
    assertThat(third.out()).contains("\"status\":\"NOTHING_TO_LOAD\"", "\"numFilesSkipped\":" + FILES);
    assertThat(counts(t)).isEqualTo(ONCE);
  }

  @Test
  void twoRunsAtOnceLoadEveryRowOnce() throws Exception {
    Path t = table("concurrent");
    Process a = copy(t);
    Process b = copy(t);
    Launcher.Result ra = Launcher.finish(a);
    Launcher.Result rb = Launcher.finish(b);
    System.out.println("concurrent copy-into: exits " + ra.exitCode() + " and " + rb.exitCode() + "; " + ra.err()
        + rb.err());
    assertThat(List.of(ra.exitCode(), rb.exitCode())).containsAnyOf(0).allMatch(c -> c == 0 || c == 4);
    for (Launcher.Result r : List.of(ra, rb)) {
      if (r.exitCode() == 4) {
        assertThat(r.err()).isEqualTo("error: a concurrent copy-into committed some of these files first; this run"
            + " loaded nothing and is safe to run again (it skips what is loaded)\n");
      } else {
        assertThat(r.out()).containsAnyOf("\"numFilesLoaded\":" + FILES, "\"status\":\"NOTHING_TO_LOAD\"");
      }
    }
    assertThat(counts(t)).isEqualTo(ONCE);
    Launcher.Result after = Launcher.finish(copy(t));
    assertThat(after.out()).contains("\"status\":\"NOTHING_TO_LOAD\"");
    assertThat(counts(t)).isEqualTo(ONCE);
  }
}
