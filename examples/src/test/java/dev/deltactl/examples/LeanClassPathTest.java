package dev.deltactl.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metadata commands run on {@code lib/} alone: a copy of the distribution without {@code lib/spark/}
 * (and in another folder, so that the class-data archive does not apply either) answers describe, history
 * and versions quietly, and a command that needs Spark says what is missing.
 */
class LeanClassPathTest {
  @TempDir static Path tmp;
  static Path launcher;
  static Path table;

  @BeforeAll
  static void leanCopy() throws Exception {
    Path dist = Launcher.LAUNCHER.getParent().getParent();
    Path lean = tmp.resolve("lean");
    Files.createDirectories(lean.resolve("bin"));
    Files.createDirectories(lean.resolve("lib"));
    Files.copy(Launcher.LAUNCHER, lean.resolve("bin/deltactl"));
    try (Stream<Path> jars = Files.list(dist.resolve("lib"))) {
      for (Path jar : jars.filter(p -> p.toString().endsWith(".jar") || p.toString().endsWith(".jsa")).toList()) {
        Files.createSymbolicLink(lean.resolve("lib").resolve(jar.getFileName()), jar);
      }
    }
    launcher = lean.resolve("bin/deltactl");
    table = tmp.resolve("t");
    Launcher.Result made = Launcher.deltactl(tmp.resolve("home"), "create", table.toString(), "-q",
        "--as-select", "SELECT id, CAST(id % 3 AS INT) AS p FROM range(10)", "--partitioned-by", "p");
    assertThat(made.exitCode()).as(made.toString()).isZero();
  }

  private static Launcher.Result lean(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(launcher.toString()));
    command.addAll(List.of(args));
    return Launcher.finish(Launcher.start(tmp.resolve("home"), command, Map.of()));
  }

  @Test
  void metadataCommandsNeedNoSparkJar() throws Exception {
    Launcher.Result d = lean("describe", table.toString(), "-o", "json");
    assertThat(d.exitCode()).as(d.toString()).isZero();
    assertThat(d.err()).isEmpty();
    assertThat(d.out()).contains("\"partitionColumns\":[\"p\"]", "\"version\":0");
    Launcher.Result h = lean("history", table.toString(), "-o", "csv");
    assertThat(h.exitCode()).as(h.toString()).isZero();
    assertThat(h.err()).isEmpty();
    assertThat(h.out().lines().count()).isEqualTo(2);
    Launcher.Result v = lean("time-travel", "versions", table.toString(), "-o", "json");
    assertThat(v.exitCode()).as(v.toString()).isZero();
    assertThat(v.out()).startsWith("{\"table\":\"" + table + "\",\"latest\":0,");
  }

  /**
   * A moved installation (its jars copied, so their times differ from those the archives recorded) starts
   * quietly (the JVM's warning that it could not map the build's archives is not printed), and its first run
   * records an archive of its own in the user's cache, which the next run maps.
   */
  @Test
  void aMovedInstallationStartsQuietlyAndRecordsItsOwnArchive() throws Exception {
    Path dist = Launcher.LAUNCHER.getParent().getParent();
    Path moved = tmp.resolve("moved");
    Files.createDirectories(moved.resolve("bin"));
    Files.createDirectories(moved.resolve("lib"));
    Files.copy(Launcher.LAUNCHER, moved.resolve("bin/deltactl"), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
    try (Stream<Path> files = Files.list(dist.resolve("lib"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) { // the jars, the archives and cds.home
        Files.copy(f, moved.resolve("lib").resolve(f.getFileName()));
      }
    }
    Path cache = tmp.resolve("cache");
    List<String> describe = List.of(moved.resolve("bin/deltactl").toString(), "describe", table.toString(), "-o",
        "json");
    Launcher.Result first = Launcher.finish(Launcher.start(tmp.resolve("home"), describe,
        Map.of("XDG_CACHE_HOME", cache.toString())));
    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(first.err()).isEmpty();
    assertThat(first.out()).contains("\"version\":0");
    List<Path> recorded;
    try (Stream<Path> files = Files.walk(cache)) {
      recorded = files.filter(Files::isRegularFile).toList();
    }
    assertThat(recorded).singleElement().satisfies(p -> {
      assertThat(p.getFileName().toString()).isEqualTo("deltactl.jsa");
      assertThat(Files.size(p)).isGreaterThan(1_000_000);
    });
    Launcher.Result second = Launcher.finish(Launcher.start(tmp.resolve("home"), describe,
        Map.of("XDG_CACHE_HOME", cache.toString())));
    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(second.err()).isEmpty();
    assertThat(second.out()).contains("\"version\":0");
  }

  @Test
  void aCommandThatNeedsSparkSaysWhatIsMissing() throws Exception {
    Launcher.Result r = lean("sql", "SELECT 1");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("error: this command needs Spark, and Spark's jars are missing: no folder ")
        .contains("lean/lib/spark; reinstall deltactl").doesNotContain("\tat ");
    assertThat(r.err().strip().lines().count()).isEqualTo(1);
  }

  @Test
  void verboseSaysWhenKernelDeclinesAndSparkAnswers() throws Exception {
    Launcher.Result r = Launcher.deltactl(tmp.resolve("home"), "history", "no_such_name", "-v");
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err()).contains("history of no_such_name: a metastore table (Kernel reads paths); asking Spark");
  }
}
