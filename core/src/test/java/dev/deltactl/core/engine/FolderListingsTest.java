package dev.deltactl.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Existence by listing: each folder listed once, whatever the number of files asked about in it. */
class FolderListingsTest {
  @TempDir java.nio.file.Path tmp;

  @Test
  void eachFolderIsListedOnce() throws Exception {
    Files.createDirectories(tmp.resolve("region=eu"));
    Files.writeString(tmp.resolve("region=eu/a.parquet"), "abc");
    Files.writeString(tmp.resolve("region=eu/b.parquet"), "abcdef");
    Files.writeString(tmp.resolve("c.parquet"), "x");
    FileSystem fs = FileSystem.getLocal(new Configuration());
    FolderListings l = new FolderListings(fs);
    Path root = new Path(tmp.toUri());
    assertThat(l.size(new Path(root, "region=eu/a.parquet"))).isEqualTo(3L);
    assertThat(l.size(new Path(root, "region=eu/b.parquet"))).isEqualTo(6L);
    assertThat(l.exists(new Path(root, "region=eu/gone.parquet"))).isFalse();
    assertThat(l.exists(new Path(root, "c.parquet"))).isTrue();
    assertThat(l.exists(new Path(root, "region=us/d.parquet"))).isFalse(); // a folder that is gone
    assertThat(l.exists(new Path(root, "region=eu"))).isFalse(); // a folder is not a file
    assertThat(l.listings()).isEqualTo(3);
    assertThat(l.known(new Path(root, "region=eu"))).containsExactlyInAnyOrder("a.parquet", "b.parquet");
  }
}
