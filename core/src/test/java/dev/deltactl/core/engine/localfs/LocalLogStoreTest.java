package dev.deltactl.core.engine.localfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.deltactl.core.engine.kernel.KernelEngine;
import io.delta.storage.HDFSLogStore;
import io.delta.storage.LogStore;
import java.io.FileNotFoundException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalLogStoreTest {
  @TempDir java.nio.file.Path dir;

  private static final Configuration CONF = KernelEngine.hadoopConf(Map.of());

  /** Hadoop's own local file system, a new instance each time (the cache would hand out ours). */
  private static Configuration stock() {
    Configuration c = new Configuration();
    c.set("fs.file.impl", org.apache.hadoop.fs.LocalFileSystem.class.getName());
    c.setBoolean("fs.file.impl.disable.cache", true);
    return c;
  }

  /** What a listing says of each file: path, length, time, kind; in its order. */
  private static List<String> said(Iterator<FileStatus> it) {
    List<String> out = new ArrayList<>();
    it.forEachRemaining(f -> out.add(f.getPath() + " " + f.getLen() + " " + f.getModificationTime() + " "
        + (f.isDirectory() ? "dir" : "file")));
    return out;
  }

  private static void write(java.nio.file.Path p, String text, long millis) throws Exception {
    Files.createDirectories(p.getParent());
    Files.writeString(p, text, StandardCharsets.UTF_8);
    Files.setLastModifiedTime(p, java.nio.file.attribute.FileTime.fromMillis(millis));
  }

  /** A log as Delta and Hadoop leave it: commits, checkpoints, checksums, Hadoop's hidden .crc files, folders. */
  private java.nio.file.Path log(String table) throws Exception {
    java.nio.file.Path log = dir.resolve(table).resolve("_delta_log");
    for (int v = 0; v < 25; v++) {
      String name = String.format("%020d", v);
      write(log.resolve(name + ".json"), "{\"commitInfo\":{}}\n".repeat(v + 1), 1_700_000_000_000L + v * 1000);
      write(log.resolve("." + name + ".json.crc"), "crc", 1_700_000_000_000L);
      write(log.resolve(name + ".crc"), "{}", 1_700_000_000_500L + v);
      if (v % 10 == 0) {
        write(log.resolve(name + ".checkpoint.parquet"), "PAR1", 1_700_000_000_900L + v);
      }
    }
    write(log.resolve("_last_checkpoint"), "{\"version\":20}", 1_700_000_100_000L);
    write(log.resolve("notes:1"), "a colon", 1_700_000_100_000L); // a name Hadoop's Path would read as a URI
    write(log.resolve("00000000000000000003.json:bak"), "{}", 1_700_000_100_000L);
    Files.createSymbolicLink(log.resolve("00000000000000000030.json"), log.resolve("00000000000000000024.json"));
    Files.createSymbolicLink(log.resolve("00000000000000000031.json"), log.resolve("none.json")); // broken
    write(log.resolve("_sidecars/a.parquet"), "PAR1", 1_700_000_100_000L);
    Files.createDirectories(log.resolve("_staged_commits"));
    return log;
  }

  @Test
  void listsWhatDeltasOwnListsFromEveryStart() throws Exception {
    for (String table : List.of("t", "with space", "per%cent")) {
      java.nio.file.Path log = log(table);
      Configuration stock = stock();
      LogStore own = new HDFSLogStore(stock);
      LogStore ours = new LocalLogStore(CONF);
      for (String from : List.of("00000000000000000000", "00000000000000000013", "00000000000000000020.checkpoint",
          "00000000000000000024.json", "00000000000000000030", "_last_checkpoint", "_z", "0", "notes")) {
        for (String prefix : List.of("file:", "")) {
          Path p = new Path(prefix + log.resolve(from).toAbsolutePath());
          List<String> expected = said(own.listFrom(p, stock));
          assertEquals(expected, said(ours.listFrom(p, CONF)), table + " from " + from);
        }
      }
      // one case by count: from version 13, 12 commits, 12 checksums, the checkpoint of 20, the link of 30 (the
      // broken one of 31 left out), the last-checkpoint file, both folders and one colon name (the other sorts
      // before 13)
      assertEquals(12 + 12 + 1 + 1 + 1 + 2 + 1,
          said(ours.listFrom(new Path(log.resolve("00000000000000000013").toUri()), CONF)).size());
    }
  }

  @Test
  void aMissingLogIsFileNotFoundAsDeltasOwnSays() throws Exception {
    for (String prefix : List.of("file:", "")) {
      Path p = new Path(prefix + dir.resolve("nothing/_delta_log/00000000000000000000"));
      FileNotFoundException own = assertThrows(FileNotFoundException.class,
          () -> new HDFSLogStore(stock()).listFrom(p, stock()));
      FileNotFoundException ours = assertThrows(FileNotFoundException.class,
          () -> new LocalLogStore(CONF).listFrom(p, CONF));
      assertEquals(own.getMessage(), ours.getMessage());
    }
  }

  /** A log folder that is a file: Delta's own listing answers (it lists the file itself). */
  @Test
  void aLogThatIsAFileIsListedAsDeltasOwnListsIt() throws Exception {
    write(dir.resolve("t/_delta_log"), "not a folder", 1_700_000_000_000L);
    Path p = new Path(dir.resolve("t/_delta_log/00000000000000000000").toUri());
    assertEquals(said(new HDFSLogStore(stock()).listFrom(p, stock())), said(new LocalLogStore(CONF).listFrom(p, CONF)));
  }

  @Test
  void theEnginesConfigurationNamesItForLocalPaths() {
    assertEquals(LocalLogStore.class.getName(), CONF.get(LocalLogStore.KERNEL_KEY));
  }
}
