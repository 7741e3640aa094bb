package dev.deltactl.cli;

import dev.deltactl.core.engine.Engines;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;

/**
 * Runs the commands that must start fast (the metadata commands, help, errors) once on each of the tables
 * given, in one JVM, so that the build can record the classes they load in a class-data sharing archive
 * ({@code -XX:ArchiveClassesAtExit}) that the launcher then maps instead of loading them again.
 * With {@code --spark FOLDER} it runs commands on embedded Spark instead (create, copy-into, optimize,
 * vacuum, sql) on a table it makes in that folder, for the archive of the commands that start Spark.
 */
public final class CdsTraining {
  private CdsTraining() {}

  public static void main(String[] args) throws java.io.IOException {
    Main.configureLogging(new String[0]);
    PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
    if (args[0].equals("--spark")) {
      spark(java.nio.file.Path.of(args[1]), sink);
      if (args.length > 2) {
        link(java.nio.file.Path.of(args[2]));
      }
      return;
    }
    // where the archives are recorded: the launcher maps them only there (lib/cds.home)
    String home = System.getProperty("deltactl.home");
    if (home != null) {
      java.nio.file.Path dist = java.nio.file.Path.of(home).toRealPath();
      java.nio.file.Files.writeString(dist.resolve("lib").resolve("cds.home"), dist.toString());
    }
    // several tables, so that the classes of each way a log is read are in the archive (checkpoints of Delta
    // on Spark and of delta-rs, partitions, deletion vectors, checksums): a class first loaded by a user's
    // table and not here costs its loading and verification at every start
    for (String table : args) {
      List<List<String>> runs = List.of(
          List.of("describe", table),
          List.of("describe", table, "-o", "json"),
          List.of("history", table, "-o", "json"),
          List.of("history", table, "-n", "10", "-o", "json"),
          List.of("history", table, "-n", "2", "-o", "csv"),
          List.of("time-travel", "versions", table),
          List.of("time-travel", "versions", table, "-n", "10", "-o", "json"),
          List.of("optimize", table, "--dry-run", "-o", "json"),
          List.of("bloom-index", "show", table, "-o", "json"),
          List.of("describe", table + "/no-such-table"));
      for (List<String> run : runs) {
        Cli.run(run.toArray(String[]::new), sink, sink, Engines::open, new Redactor());
      }
    }
    for (List<String> run : List.of(List.of("--help"), List.of("--version"))) {
      Cli.run(run.toArray(String[]::new), sink, sink, Engines::open, new Redactor());
    }
  }

  /**
   * Links every class the run loaded, as named in the JVM's class-loading log: the archive keeps only linked
   * classes, and the verifier loads several thousand of Spark's classes without linking them (a parser's
   * contexts, expressions it checks against), which every Spark command would otherwise read from the jars.
   * Linking runs no static initializer; a class that does not link stays out, as before.
   */
  private static void link(java.nio.file.Path loadLog) throws java.io.IOException {
    ClassLoader spark = Engines.sparkClassLoader();
    java.util.Set<String> done = new java.util.HashSet<>();
    for (int round = 0; round < 3; round++) {
      int linked = 0;
      for (String line : java.nio.file.Files.readAllLines(loadLog, java.nio.charset.StandardCharsets.ISO_8859_1)) {
        int end = line.indexOf(" source: ");
        int start = line.lastIndexOf(' ', end - 1) + 1;
        if (end < 0 || !done.add(line.substring(start, end))) {
          continue;
        }
        try {
          Class.forName(line.substring(start, end), false, spark).getDeclaredFields(); // links it
          linked++;
        } catch (Throwable e) { // not found from here, or does not link: left out of the archive as before
        }
      }
      if (linked == 0) {
        break;
      }
    }
  }

  private static void spark(java.nio.file.Path folder, PrintStream sink) throws java.io.IOException {
    if (java.nio.file.Files.exists(folder)) {
      try (var paths = java.nio.file.Files.walk(folder)) {
        for (java.nio.file.Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          java.nio.file.Files.delete(p);
        }
      }
    }
    java.nio.file.Path landing = java.nio.file.Files.createDirectories(folder.resolve("landing"));
    java.nio.file.Files.writeString(landing.resolve("a.csv"), "id,p\n1,a\n2,b\n");
    String table = folder.resolve("t").toString();
    List<List<String>> runs = List.of(
        List.of("create", table, "--as-select", "SELECT /*+ REPARTITION(2) */ id, CAST(id % 2 AS STRING) AS p"
            + " FROM range(100)"),
        List.of("copy-into", table, "--from", landing.toString(), "--format", "csv", "--format-option",
            "header=true"),
        List.of("optimize", table),
        List.of("vacuum", table, "--dry-run"),
        List.of("sql", "SELECT p, count(*) FROM delta.`" + table + "` GROUP BY p"));
    for (List<String> run : runs) {
      int code = Cli.run(run.toArray(String[]::new), sink, sink, Engines::open, new Redactor());
      if (code != 0) {
        System.err.println("class-data sharing training: " + run.get(0) + " exited " + code);
      }
    }
  }
}
