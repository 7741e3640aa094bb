package dev.deltactl.core.engine.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deltactl.core.api.FsckRequest;
import dev.deltactl.core.api.FsckResult;
import dev.deltactl.core.api.TableRef;
import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import io.delta.kernel.TableManager;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.internal.SnapshotImpl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What happens between fsck's check and its repair's commit, on a copy of a table delta-rs wrote (5 files, version
 * 4) with one data file deleted: a concurrent commit that removed the same entry fails the repair (nothing
 * committed), and a file restored meanwhile keeps its entry (no commit).
 */
class KernelFsckTest {
  private static final String GONE = "part-00000-2befed33-c358-4768-a43c-3eda0d2a499d-c000.snappy.parquet";
  @TempDir Path tmp;
  private Path table;
  private final Configuration conf = new Configuration();
  private final io.delta.kernel.engine.Engine kernel = DefaultEngine.create(conf);

  @BeforeEach
  void copy() throws IOException {
    Path from = Path.of(System.getProperty("conformance.dir")).resolve("simple_table");
    table = tmp.resolve("t");
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path to = table.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    Files.move(table.resolve(GONE), tmp.resolve(GONE));
  }

  private FsckResult repair(Runnable meanwhile) throws IOException {
    SnapshotImpl s = (SnapshotImpl) TableManager.loadSnapshot(table.toString()).build(kernel);
    return new KernelFsck(kernel, conf, meanwhile).run(new FsckRequest(TableRef.ofPath(table.toString()), false,
        true), s, table.toString());
  }

  private long commits() throws IOException {
    try (Stream<Path> s = Files.list(table.resolve("_delta_log"))) {
      return s.filter(p -> p.toString().endsWith(".json")).count();
    }
  }

  @Test
  void aConcurrentCommitThatRemovedTheEntryFailsTheRepair() throws IOException {
    assertThatThrownBy(() -> repair(() -> {
      try {
        Files.writeString(table.resolve("_delta_log/00000000000000000005.json"),
            "{\"commitInfo\":{\"timestamp\":1,\"operation\":\"DELETE\"}}\n{\"remove\":{\"path\":\"" + GONE
                + "\",\"deletionTimestamp\":1,\"dataChange\":true}}\n");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    })).isInstanceOfSatisfying(DeltactlException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.CONCURRENT_MODIFICATION);
      assertThat(e.getMessage()).isEqualTo("a concurrent commit changed " + table + " since version 4 was checked;"
          + " nothing was committed, run fsck again");
    });
    assertThat(commits()).isEqualTo(6);
  }

  @Test
  void anUnrelatedConcurrentCommitDoesNotStopTheRepair() throws IOException {
    FsckResult r = repair(() -> {
      try {
        Files.writeString(table.resolve("_delta_log/00000000000000000005.json"),
            "{\"commitInfo\":{\"timestamp\":1,\"operation\":\"WRITE\"}}\n");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    assertThat(r.status()).isEqualTo(FsckResult.Status.REPAIRED);
    assertThat(r.committedVersion()).isEqualTo(6);
    assertThat(Files.readString(table.resolve("_delta_log/00000000000000000006.json")))
        .contains("{\"remove\":{\"path\":\"" + GONE + "\"");
  }

  @Test
  void aFileRestoredBeforeTheCommitKeepsItsEntry() throws IOException {
    FsckResult r = repair(() -> {
      try {
        Files.move(tmp.resolve(GONE), table.resolve(GONE));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    assertThat(r.status()).isEqualTo(FsckResult.Status.HEALTHY);
    assertThat(r.problems()).isEmpty();
    assertThat(r.committedVersion()).isNull();
    assertThat(commits()).isEqualTo(5);
  }
}
