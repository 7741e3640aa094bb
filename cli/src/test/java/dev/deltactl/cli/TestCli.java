package dev.deltactl.cli;

import dev.deltactl.core.api.EngineConfig;
import dev.deltactl.core.engine.Engines;
import dev.deltactl.core.engine.RoutingEngine;
import dev.deltactl.core.engine.Endpoints;
import dev.deltactl.core.engine.spark.SparkEngine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the CLI in this JVM with captured streams, on one Spark session (with a metastore in a temporary
 * data folder) shared by every test of the run.
 */
public final class TestCli {
  /**
   * The tag of the representative command matrix: the tests run on every engine and store beyond the embedded
   * one (a standalone cluster, and later object stores), where the whole suites would cost too much.
   */
  public static final String MATRIX = "matrix";
  /**
   * Of the matrix, what the cluster need not run again: its engine is embedded Spark's code with executors
   * elsewhere, and these add no other work on executors than the matrix's other tests.
   */
  public static final String NOT_ON_CLUSTER = "not-on-cluster";

  /** What one command printed and returned. */
  public record Run(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  /**
   * The tests' session runs without whole-stage code generation: their thousands of queries on a few rows each
   * spend more compiling a generated class per stage than running it. Spark's results are the same either way
   * (expressions still compile; evaluating them interpreted too, NO_CODEGEN, left typed catalog listings
   * empty); the processes of the examples module run with Spark's defaults.
   */
  static final Map<String, String> INTERPRETED = Map.of("spark.sql.codegen.wholeStage", "false");

  private static SparkEngine shared;
  private static Path dataDir;

  private TestCli() {}

  public static synchronized SparkEngine engine() {
    if (shared == null) {
      try {
        dataDir = Files.createTempDirectory("deltactl-test-home");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      shared = SparkEngine.withCatalog(
          new EngineConfig(master(), INTERPRETED, dataDir, "deltactl tests"), notice -> {});
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
    }
    return shared;
  }

  /**
   * The engine the command suites run on, from the system property {@code deltactl.test.engine}:
   * {@code embedded} (default), {@code cluster} (a standalone Master and Worker) or {@code connect} (a Spark
   * Connect server; the tests' own reads still use an embedded session).
   */
  public static String engineKind() {
    return System.getProperty("deltactl.test.engine", "embedded");
  }

  private static String master() {
    return engineKind().equals("cluster") ? TestServers.standalone() : "local[2]";
  }

  /** Where the engine under test puts named tables by default. */
  public static Path warehouse() {
    return engineKind().equals("connect") ? TestServers.connectWarehouse() : dataDir().resolve("warehouse");
  }

  public static Path dataDir() {
    engine();
    return dataDir;
  }

  public static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    Cli.EngineFactory engines = (config, notices) -> RoutingEngine.open(config,
        () -> Endpoints.isConnect(config.master())
            ? Engines.spark(config, notices)
            : SparkEngine.attach(engine().sparkSession(), notices));
    if (engineKind().equals("connect") && !List.of(args).contains("--remote") && !List.of(args).contains("--master")) {
      // the command suites on a Spark Connect server: every command gets --remote
      List<String> with = new ArrayList<>(List.of("--remote", TestServers.connect()));
      with.addAll(List.of(args));
      args = with.toArray(String[]::new);
    }
    int code = Cli.run(args, o, e, engines, new Redactor());
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Runs the CLI on Delta Kernel, with a Spark engine that fails the run if anything opens it. */
  public static Run onKernelOnly(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Cli.EngineFactory engines = (config, notices) -> new RoutingEngine(
        () -> new dev.deltactl.core.engine.kernel.KernelEngine(config), () -> {
          throw new AssertionError("Spark was started for: " + String.join(" ", args));
        });
    int code = Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), engines, new Redactor());
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** The conformance tables: Delta tables written by other engines. Read-only; copy before writing. */
  public static Path conformance() {
    return Path.of(System.getProperty("conformance.dir"));
  }

  /**
   * Gives commit N of a table the modification time 2026-01-01T00:00:00Z plus N minutes, so that the commit
   * timestamps Delta derives from them are the same on every checkout.
   */
  public static Path fixCommitTimes(Path table) {
    try (var files = Files.list(table.resolve("_delta_log"))) {
      for (Path f : files.toList()) {
        String name = f.getFileName().toString();
        if (name.matches("\\d{20}\\.json")) {
          long version = Long.parseLong(name.substring(0, 20));
          Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.from(
              java.time.Instant.parse("2026-01-01T00:00:00Z").plusSeconds(60 * version)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return table;
  }

  /** Copies a folder keeping modification times, which Delta uses as commit timestamps. */
  public static Path copy(Path from, Path to) {
    try {
      Files.walkFileTree(from, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
          Files.createDirectories(to.resolve(from.relativize(dir).toString()));
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return to;
  }

  /** Every file under a folder, by relative path, with a SHA-256 of its bytes: equal maps mean no byte changed. */
  public static Map<String, String> fingerprint(Path root) {
    try (java.util.stream.Stream<Path> files = Files.walk(root)) {
      Map<String, String> out = new java.util.TreeMap<>();
      for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
        java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
        out.put(root.relativize(p).toString(), java.util.HexFormat.of().formatHex(d.digest(Files.readAllBytes(p))));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
