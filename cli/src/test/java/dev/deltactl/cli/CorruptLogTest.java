package dev.deltactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deltactl.core.engine.RoutingEngine;
import dev.deltactl.core.engine.kernel.KernelEngine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.delta.DeltaLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A damaged log fails every command with exit 1, naming the file, on Kernel and on Spark alike; a version
 * whose data files are gone is not counted from the log's statistics.
 */
class CorruptLogTest {
  @TempDir Path tmp;

  private Path copy(String conformanceTable, String as) {
    return TestCli.copy(TestCli.conformance().resolve(conformanceTable), tmp.resolve(as));
  }

  /** Cuts a file to half its size, and drops Hadoop's checksum of it (as on an object store). */
  static void cutInHalf(Path file) throws IOException {
    try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
      c.truncate(c.size() / 2);
    }
    Files.deleteIfExists(file.resolveSibling("." + file.getFileName() + ".crc"));
  }

  static void write(Path file, byte[] bytes) throws IOException {
    Files.write(file, bytes);
    Files.deleteIfExists(file.resolveSibling("." + file.getFileName() + ".crc"));
  }

  static Path log(Path table, long version, String suffix) {
    return table.resolve("_delta_log").resolve(String.format("%020d", version) + suffix);
  }

  private static void failsOnKernel(Path table, String message) {
    for (String[] args : List.of(new String[] {"describe", table.toString()}, new String[] {"history", table.toString()},
        new String[] {"time-travel", "versions", table.toString()})) {
      TestCli.Run r = TestCli.onKernelOnly(args);
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
      assertThat(r.err()).as(r.toString()).isEqualTo("error: " + message + "\n");
      assertThat(r.out()).isEmpty();
    }
  }

  private static String damaged(Path file, String problem) {
    return file + ": " + problem + " (the commit is damaged or cut short); restore the file from a backup before"
        + " using the table";
  }

  @Test
  void aDamagedCommitAfterTheCheckpointFailsDescribeHistoryAndVersionsOnKernel() throws IOException {
    // latest_not_checkpointed: commits 0 to 3, a checkpoint at 2
    Path cut = copy("latest_not_checkpointed", "cut");
    cutInHalf(log(cut, 3, ".json"));
    failsOnKernel(cut, damaged(log(cut, 3, ".json"), "not valid JSON at line 2"));

    // an empty commit is a commit without actions, as Delta's Spark reader takes it (and commits on top)
    Path empty = copy("latest_not_checkpointed", "empty");
    write(log(empty, 3, ".json"), new byte[0]);
    TestCli.Run r = TestCli.onKernelOnly("describe", empty.toString(), "-o", "json");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(Json.parse(r.out()).get("version").asLong()).isEqualTo(3);

    Path garbage = copy("latest_not_checkpointed", "garbage");
    write(log(garbage, 3, ".json"), "{\"commitInfo\":{}}\n\u0000\u0001PK\u0003\u0004 not json\n".getBytes(StandardCharsets.UTF_8));
    failsOnKernel(garbage, damaged(log(garbage, 3, ".json"), "not valid JSON at line 2"));

    Path checkpoint = copy("latest_not_checkpointed", "checkpoint");
    cutInHalf(log(checkpoint, 2, ".checkpoint.parquet"));
    failsOnKernel(checkpoint, log(checkpoint, 2, ".checkpoint.parquet") + ": not a whole Parquet file (the checkpoint"
        + " is damaged or cut short); restore the file from a backup, or delete it and _delta_log/_last_checkpoint"
        + " when the log still holds the commits before it");

    // checkpoints: commits 0 to 12 and no checkpoint file
    Path gap = copy("checkpoints", "gap");
    Files.delete(log(gap, 5, ".json"));
    failsOnKernel(gap, log(gap, 5, ".json") + " is missing: the log goes from version 4 to 6; restore the file from"
        + " a backup before using the table");
  }

  @Test
  void aDamagedCommitBeforeTheCheckpointFailsOnlyWhatReadsIt() throws IOException {
    Path t = copy("latest_not_checkpointed", "t");
    cutInHalf(log(t, 1, ".json"));
    // the current version is the checkpoint at 2 plus commit 3: every reader of it skips commit 1
    TestCli.Run describe = TestCli.onKernelOnly("describe", t.toString(), "-o", "json");
    assertThat(describe.exitCode()).as(describe.toString()).isZero();
    assertThat(Json.parse(describe.out()).get("version").asLong()).isEqualTo(3);
    // history reads every commit's bytes for its commitInfo line, and time-travel versions replays every
    // commit: both name the damaged file rather than show a blank entry or a wrong readability
    for (String[] args : List.of(new String[] {"history", t.toString()},
        new String[] {"time-travel", "versions", t.toString()})) {
      TestCli.Run r = TestCli.onKernelOnly(args);
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
      assertThat(r.err()).isEqualTo("error: " + damaged(log(t, 1, ".json"), "not valid JSON at line 1") + "\n");
    }
  }

  @Test
  void aTruncatedLastCommitFailsEveryCommandOnSparkToo() throws IOException {
    String t = tmp.resolve("t").toString();
    assertThat(TestCli.run("create", t, "-q", "--as-select", "SELECT id, CAST(id % 2 AS STRING) AS p FROM range(10)",
        "--partitioned-by", "p").exitCode()).isZero();
    for (int i = 0; i < 2; i++) {
      assertThat(TestCli.run("sql", "INSERT INTO delta.`" + t + "` SELECT id, 'x' FROM range(3)", "-q").exitCode())
          .isZero();
    }
    cutInHalf(log(Path.of(t), 2, ".json"));
    DeltaLog.clearCache();
    String message = "error: " + damaged(log(Path.of(t), 2, ".json"), "not valid JSON at line 2") + "\n";
    for (String[] args : List.of(new String[] {"describe", t}, new String[] {"history", t},
        new String[] {"time-travel", "versions", t}, new String[] {"time-travel", "show", t},
        new String[] {"time-travel", "show", t, "--count"}, new String[] {"optimize", t},
        new String[] {"vacuum", t, "--dry-run"}, new String[] {"sql", "SELECT count(*) FROM delta.`" + t + "`"},
        new String[] {"--conf", "deltactl.kernel=false", "describe", t},
        new String[] {"--conf", "deltactl.kernel=false", "history", t},
        new String[] {"--conf", "deltactl.kernel=false", "history", t, "-n", "1"},
        new String[] {"--conf", "deltactl.kernel=false", "time-travel", "versions", t})) {
      TestCli.Run r = TestCli.run(args);
      assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r).isEqualTo(1);
      assertThat(r.err()).as(String.join(" ", args)).isEqualTo(message);
    }
  }

  @Test
  void aCountNamesADataFileThatIsGone() throws IOException {
    String t = tmp.resolve("t").toString();
    assertThat(TestCli.run("create", t, "-q", "--as-select", "SELECT id FROM range(10)").exitCode()).isZero();
    Path data;
    try (Stream<Path> files = Files.list(Path.of(t))) {
      data = files.filter(f -> f.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    Files.delete(data);
    TestCli.Run r = TestCli.run("time-travel", "show", t, "--count");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
    assertThat(r.err()).isEqualTo("error: version 0 of " + t + " is not readable: the file " + data.getFileName()
        + " it needs is gone (deleted by vacuum or otherwise); the oldest readable version is none\n");
    assertThat(r.out()).isEmpty();
  }
}
