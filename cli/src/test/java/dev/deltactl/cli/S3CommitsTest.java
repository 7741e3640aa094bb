package dev.deltactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deltactl.core.engine.spark.S3ConditionalLogStore;
import io.delta.storage.CloseableIterator;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Commits on S3 (an S3Proxy server): deltactl's log store creates a commit file only if it is absent, so of
 * writers racing for one version exactly one wins and the others are told, as Delta expects; and the engine
 * commits through it.
 */
@Tag(TestCli.MATRIX)
class S3CommitsTest {
  private static Configuration hadoop(Store s) {
    Configuration c = new Configuration();
    s.conf().forEach(c::set);
    c.setBoolean("fs.s3a.impl.disable.cache", true); // each writer its own client, as separate processes have
    return c;
  }

  private static List<String> read(S3ConditionalLogStore store, Path p, Configuration c) throws Exception {
    List<String> out = new ArrayList<>();
    try (CloseableIterator<String> it = store.read(p, c)) {
      it.forEachRemaining(out::add);
    }
    return out;
  }

  @Test
  void ofEightWritersRacingForEachVersionExactlyOneWinsAndTheOthersAreToldTheFileExists() throws Exception {
    Store s = TestServers.s3();
    String log = s.folder("race") + "/_delta_log";
    int writers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      for (int version = 0; version < 5; version++) {
        Path commit = new Path(log + String.format("/%020d.json", version));
        List<Future<String>> results = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
          String line = "{\"commitInfo\":{\"writer\":" + w + ",\"version\":" + version + "}}";
          Callable<String> write = () -> {
            Configuration c = hadoop(s);
            try {
              new S3ConditionalLogStore(c).write(commit, List.of(line).iterator(), false, c);
              return line;
            } catch (FileAlreadyExistsException e) {
              return null;
            }
          };
          results.add(pool.submit(write));
        }
        List<String> won = new ArrayList<>();
        for (Future<String> f : results) {
          if (f.get() != null) {
            won.add(f.get());
          }
        }
        assertThat(won).as("writers that were told they committed version " + version).hasSize(1);
        Configuration c = hadoop(s);
        assertThat(read(new S3ConditionalLogStore(c), commit, c)).as("the commit is the winner's").isEqualTo(won);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anOverwriteReplacesAndAnExistingCommitIsNeverReplacedWithoutIt() throws Exception {
    Store s = TestServers.s3();
    Configuration c = hadoop(s);
    S3ConditionalLogStore store = new S3ConditionalLogStore(c);
    Path commit = new Path(s.folder("overwrite") + "/_delta_log/00000000000000000000.json");
    store.write(commit, List.of("{\"a\":1}").iterator(), false, c);
    FileSystem fs = FileSystem.get(URI.create(commit.toString()), c);
    // the write id a retried write recognises its own object by, in the object's metadata
    assertThat(new String(fs.getXAttr(commit, "header.deltactl-write-id"), java.nio.charset.StandardCharsets.UTF_8))
        .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> store.write(commit, List.of("{\"a\":2}").iterator(), false, c))
        .isInstanceOf(FileAlreadyExistsException.class).hasMessage(commit.toString());
    assertThat(read(store, commit, c)).containsExactly("{\"a\":1}");
    store.write(commit, List.of("{\"a\":3}").iterator(), true, c);
    assertThat(read(store, commit, c)).containsExactly("{\"a\":3}");
    assertThat(store.isPartialWriteVisible(commit, c)).isFalse();
    assertThat(fs.listStatus(commit.getParent())).hasSize(1);
  }

  @Test
  void theEngineCommitsToS3ThroughIt() {
    Store s = TestServers.s3().inSession();
    String t = s.folder("engine");
    TestCli.Run r = TestCli.run(s.args("create", t, "-q", "--as-select", "SELECT id FROM range(3)"));
    assertThat(r.exitCode()).as(r.toString()).isZero();
    // a bucket whose client has conditional writes turned off: the engine's commit says it needs them
    String off = "fs.s3a.create.conditional.enabled";
    boolean embedded = TestCli.engineKind().equals("embedded");
    if (embedded) {
      TestCli.engine().sparkSession().conf().set(off, "false");
    }
    try {
      String plain = "s3a://" + Store.OTHER_BUCKET + "/t";
      TestCli.Run refused = TestCli.run(s.args("--conf", off + "=false", "create", plain, "-q", "--as-select",
          "SELECT id FROM range(3)"));
      assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
      assertThat(refused.err()).contains("(S3 conditional writes), which deltactl's S3 log store needs to commit"
          + " safely").hasLineCount(1);
    } finally {
      if (embedded) {
        TestCli.engine().sparkSession().conf().unset(off);
      }
    }
  }
}
