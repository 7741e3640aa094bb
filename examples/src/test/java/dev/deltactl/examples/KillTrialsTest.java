package dev.deltactl.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each command that writes a table, killed with SIGKILL at a step of its commit (the commit's temporary
 * file written, the commit file written, the checksum written), then run again to completion: no row lost
 * or duplicated, the table readable, and copy-into's second run loads exactly the files the first did not.
 * A run again and its check share one process (a shell script), to keep the trials in a few minutes.
 */
class KillTrialsTest {
  static final int ROWS = 20_000;
  @TempDir static Path tmp;
  static Path home;
  static Path base;
  static Path landing;

  @BeforeAll
  static void baseTable() throws Exception {
    home = tmp.resolve("home");
    base = tmp.resolve("base");
    landing = Files.createDirectories(tmp.resolve("landing"));
    for (int f = 0; f < 3; f++) {
      StringBuilder b = new StringBuilder("id,p\n");
      for (int i = 0; i < 1000; i++) {
        long id = ROWS + f * 1000L + i;
        b.append(id).append(',').append(id % 4).append('\n');
      }
      Files.writeString(landing.resolve("day-" + f + ".csv"), b.toString());
    }
    // version 0: 20,000 rows in 20 files; version 1: ids below 1,000 deleted; version 2: a bloom filter on id
    Path script = tmp.resolve("setup.txt");
    Files.writeString(script, String.join("\n",
        "create " + base + " --as-select \"SELECT /*+ REPARTITION(20) */ id, id % 4 AS p FROM range(" + ROWS + ")\" -q",
        "sql DELETE FROM delta.`" + base + "` WHERE id < 1000",
        "bloom-index create " + base + " --column id -q", ""));
    Launcher.Result r = shell(script);
    assertThat(r.exitCode()).as(r.toString()).isZero();
  }

  /** Runs a script in one {@code deltactl shell} (stdin not a terminal). */
  static Launcher.Result shell(Path script) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(Launcher.LAUNCHER.toString(), "shell");
    pb.environment().put("DELTACTL_HOME", home.toString());
    pb.redirectInput(script.toFile());
    File out = Files.createTempFile(tmp, "out", ".txt").toFile();
    File err = Files.createTempFile(tmp, "err", ".txt").toFile();
    pb.redirectOutput(out);
    pb.redirectError(err);
    Process p = pb.start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("the shell did not finish within 5 minutes");
    }
    return new Launcher.Result(p.exitValue(), Files.readString(out.toPath()), Files.readString(err.toPath()));
  }

  /** A step of a commit, seen as a file appearing in the log. */
  enum Step {
    TEMPORARY_FILE(n -> n.startsWith(".") && n.contains(".json") && n.endsWith(".tmp")),
    COMMIT_FILE(n -> n.matches("\\d{20}\\.json")),
    CHECKSUM(n -> n.matches("\\d{20}\\.crc"));

    final Predicate<String> seen;

    Step(Predicate<String> seen) {
      this.seen = seen;
    }
  }

  /**
   * Starts a command on a copy of the base table and kills it with SIGKILL as soon as the step's file
   * appears in its log (inotify: even a temporary file that lives a millisecond is seen). Returns what the
   * log held then: the newest commit file.
   */
  static String killAt(Path table, Step step, String... command) throws Exception {
    List<String> args = new ArrayList<>(List.of(Launcher.LAUNCHER.toString()));
    args.addAll(List.of(command));
    Path log = table.resolve("_delta_log");
    List<String> before;
    try (Stream<Path> s = Files.list(log)) {
      before = s.map(p -> p.getFileName().toString()).toList();
    }
    try (WatchService watch = FileSystems.getDefault().newWatchService()) {
      log.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
      Process p = Launcher.start(home, args, Map.of());
      long deadline = System.currentTimeMillis() + 180_000;
      boolean killed = false;
      while (!killed && p.isAlive() && System.currentTimeMillis() < deadline) {
        WatchKey key = watch.poll(50, TimeUnit.MILLISECONDS);
        if (key == null) {
          continue;
        }
        for (WatchEvent<?> e : key.pollEvents()) {
          String name = String.valueOf(e.context());
          if (!before.contains(name) && step.seen.test(name)) {
            p.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no cleanup
            killed = true;
            break;
          }
        }
        key.reset();
      }
      Launcher.Result r = Launcher.finish(p);
      assertThat(killed).as("killed at " + step + " of " + String.join(" ", command) + "; the run ended: " + r).isTrue();
    }
    try (Stream<Path> s = Files.list(log)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d{20}\\.json")).sorted()
          .reduce((a, b) -> b).orElse("none");
    }
  }

  static Path copyOfBase(String name) throws Exception {
    Path to = tmp.resolve(name);
    try (Stream<Path> files = Files.walk(base)) {
      for (Path p : files.toList()) {
        Files.copy(p, to.resolve(base.relativize(p).toString()), StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
    return to;
  }

  /** The check line: rows, distinct ids, the sum of ids (each row once), after the command is run again. */
  static String check(Path table, String command, long rows, long low, long high) throws Exception {
    Path script = tmp.resolve("again-" + table.getFileName() + ".txt");
    Files.writeString(script, command + "\n"
        + "sql -o csv SELECT count(*) AS n, count(DISTINCT id) AS d, sum(id) AS s FROM delta.`" + table + "`\n");
    Launcher.Result r = shell(script);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    long sum = (high - low + 1) * (low + high) / 2;
    String expected = "n,d,s\r\n" + rows + "," + rows + "," + sum + "\r\n";
    assertThat(r.out()).as(r.toString()).endsWith(expected);
    return r.out();
  }

  private static final long BASE_ROWS = ROWS - 1000; // ids 1,000 to 19,999

  private static String trial(String name, Step step, String command, long rows, long high) throws Exception {
    Path t = copyOfBase(name);
    String[] words = command.replace("$T", t.toString()).split(" ");
    String newest = killAt(t, step, words);
    String again = check(t, command.replace("$T", t.toString()) + " -q", rows, 1000, high);
    String line = String.format("killed %-40s at %-14s newest commit then %s", command.replace(" $T", ""), step,
        newest);
    System.out.println(line);
    return again;
  }

  @Test
  void copyIntoKilledAtEachCommitStepLoadsEachFileOnceOnTheNextRun() throws Exception {
    String load = "copy-into $T --from " + landing + " --format csv --format-option header=true";
    for (Step step : Step.values()) {
      String out = trial("copy-" + step, step, load, BASE_ROWS + 3000, ROWS + 2999);
      assertThat(out).as(step.toString()).doesNotContain("error");
    }
  }

  /**
   * One command that rewrites through Delta's optimize (zorder and cluster-by commit the same way), deltactl's
   * own rewrite (bloom-index build) and a restore, each at another step of its commit.
   */
  @Test
  void optimizeRestoreAndBloomBuildKilledAtACommitStepLoseNothing() throws Exception {
    trial("optimize", Step.COMMIT_FILE, "optimize $T", BASE_ROWS, ROWS - 1);
    trial("bloom", Step.CHECKSUM, "bloom-index build $T", BASE_ROWS, ROWS - 1);
    // restore to version 0 brings ids 0 to 999 back: 20,000 rows
    Path t = copyOfBase("restore");
    String newest = killAt(t, Step.TEMPORARY_FILE, "time-travel", "restore", t.toString(), "--version", "0");
    System.out.println("killed time-travel restore --version 0 at TEMPORARY_FILE, newest commit then " + newest);
    check(t, "time-travel restore " + t + " --version 0 -q", ROWS, 0, ROWS - 1);
  }

  @Test
  void vacuumKilledWhileDeletingLeavesTheTableReadable() throws Exception {
    Path t = copyOfBase("vacuum");
    Launcher.Result o = Launcher.deltactl(home, "optimize", t.toString(), "-q");
    assertThat(o.exitCode()).as(o.toString()).isZero();
    long files;
    try (Stream<Path> s = Files.list(t)) {
      files = s.filter(p -> p.toString().endsWith(".parquet")).count();
    }
    Process p = Launcher.start(home, List.of(Launcher.LAUNCHER.toString(), "vacuum", t.toString(), "--retain", "0h",
        "--force", "-q"), Map.of());
    long deadline = System.currentTimeMillis() + 180_000;
    long left = files;
    while (p.isAlive() && left == files && System.currentTimeMillis() < deadline) {
      try (Stream<Path> s = Files.list(t)) {
        left = s.filter(f -> f.toString().endsWith(".parquet")).count();
      }
      Thread.sleep(1);
    }
    p.destroyForcibly().waitFor();
    System.out.println("killed vacuum with " + left + " of " + files + " data files left");
    check(t, "vacuum " + t + " --retain 0h --force", BASE_ROWS, 1000, ROWS - 1);
  }
}
