package dev.deltactl.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four appenders at once (a SQL insert, copy-into from a folder of its own, and two copy-into runs from the
 * same folder) against optimize, zorder and vacuum, then against restore, each round in separate processes on
 * one table: every appender's rows are there exactly once (all of them, or none when a restore committed
 * after them), a conflict is exit 4 and safe to run again.
 */
class ConcurrencyTrialsTest {
  @TempDir static Path tmp;
  static Path home;
  static Path table;

  @BeforeAll
  static void table() throws Exception {
    home = tmp.resolve("home");
    table = tmp.resolve("t");
    Launcher.Result r = Launcher.deltactl(home, "create", table.toString(), "--as-select",
        "SELECT /*+ REPARTITION(10) */ id, id % 4 AS p FROM range(10000)", "-q");
    assertThat(r.exitCode()).as(r.toString()).isZero();
  }

  /** A folder of CSV files with ids from {@code first}, 1,000 per file. */
  static Path folder(String name, long first, int files) throws Exception {
    Path f = Files.createDirectories(tmp.resolve(name));
    for (int i = 0; i < files; i++) {
      StringBuilder b = new StringBuilder("id,p\n");
      for (long id = first + i * 1000L; id < first + (i + 1) * 1000L; id++) {
        b.append(id).append(',').append(id % 4).append('\n');
      }
      Files.writeString(f.resolve("part-" + i + ".csv"), b.toString());
    }
    return f;
  }

  static Process start(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Launcher.LAUNCHER.toString()));
    command.addAll(List.of(args));
    return Launcher.start(home, command, Map.of());
  }

  /** Runs one round: the appenders and the maintenance commands at once; appenders refused by a conflict again. */
  static Map<String, Integer> round(int n, String... maintenance) throws Exception {
    long base = n * 1_000_000L;
    Path own = folder("own-" + n, base + 200_000, 2);
    Path shared = folder("shared-" + n, base + 300_000, 3);
    Map<String, String[]> appenders = new LinkedHashMap<>();
    appenders.put("sql insert", new String[] {"sql", "INSERT INTO delta.`" + table + "` SELECT id, id % 4 FROM range("
        + (base + 100_000) + ", " + (base + 101_000) + ")"});
    appenders.put("copy-into own folder", copyInto(own));
    appenders.put("copy-into shared folder", copyInto(shared));
    appenders.put("copy-into shared folder again", copyInto(shared));
    Map<String, Process> running = new LinkedHashMap<>();
    for (Map.Entry<String, String[]> a : appenders.entrySet()) {
      running.put(a.getKey(), start(a.getValue()));
    }
    List<Process> others = new ArrayList<>();
    for (String m : maintenance) {
      others.add(start(m.replace("$T", table.toString()).split(" ")));
    }
    Map<String, Integer> exits = new LinkedHashMap<>();
    for (Map.Entry<String, Process> p : running.entrySet()) {
      Launcher.Result r = Launcher.finish(p.getValue());
      assertThat(r.exitCode()).as(p.getKey() + ": " + r).isIn(0, 4);
      if (r.exitCode() == 4) {
        assertThat(r.err()).as(p.getKey()).startsWith("error: ").contains("safe to").hasLineCount(1);
        Launcher.Result again = Launcher.deltactl(home, appenders.get(p.getKey()));
        assertThat(again.exitCode()).as(p.getKey() + " again: " + again).isZero();
      }
      exits.put(p.getKey(), r.exitCode());
    }
    for (int i = 0; i < others.size(); i++) {
      Launcher.Result r = Launcher.finish(others.get(i));
      assertThat(r.exitCode()).as(maintenance[i] + ": " + r).isIn(0, 4);
      exits.put(maintenance[i].replace(" $T", ""), r.exitCode());
    }
    System.out.println("round " + n + ": exit codes " + exits);
    return exits;
  }

  static String[] copyInto(Path from) {
    return new String[] {"copy-into", table.toString(), "--from", from.toString(), "--format", "csv",
        "--format-option", "header=true", "-q"};
  }

  /** Per round and appender (id / 100,000): rows and distinct ids. */
  static List<String> counts() throws Exception {
    Launcher.Result r = Launcher.deltactl(home, "sql", "SELECT id DIV 100000 AS a, count(*) AS n, count(DISTINCT id)"
        + " AS d FROM delta.`" + table + "` GROUP BY 1 ORDER BY 1", "-o", "csv", "-n", "0");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return r.out().lines().skip(1).toList();
  }

  @Test
  void appendersAgainstOptimizeZorderVacuumAndRestoreKeepEveryRowOnce() throws Exception {
    round(1, "optimize $T", "zorder $T --by id", "vacuum $T");
    assertThat(counts()).containsExactly("0,10000,10000", "11,1000,1000", "12,2000,2000", "13,3000,3000");
    Launcher.Result d = Launcher.deltactl(home, "describe", table.toString(), "-o", "json");
    String version = d.out().replaceAll("(?s).*\"version\"\\s*:\\s*(\\d+).*", "$1");
    round(2, "time-travel restore $T --version " + version);
    // a restore removes what was appended before it committed: each appender's rows all there once, or none
    List<String> after = counts();
    assertThat(after.subList(0, 4)).containsExactly("0,10000,10000", "11,1000,1000", "12,2000,2000", "13,3000,3000");
    for (String line : after.subList(4, after.size())) {
      assertThat(line).isIn("21,1000,1000", "22,2000,2000", "23,3000,3000");
    }
    System.out.println("after the restore round: " + after.subList(4, after.size()));
  }
}
