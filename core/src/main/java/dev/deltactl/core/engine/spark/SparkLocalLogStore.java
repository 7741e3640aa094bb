package dev.deltactl.core.engine.spark;

import dev.deltactl.core.engine.localfs.LocalLogStore;
import io.delta.storage.HDFSLogStore;
import java.io.IOException;
import java.util.Iterator;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * {@link LocalLogStore} for Delta on Spark: the Spark class loader has its own copy of Delta's storage classes
 * (see {@code Engines}), so its log store for {@code file:} extends that copy's {@link HDFSLogStore} and lists
 * as {@link LocalLogStore#listLocal} does.
 */
public class SparkLocalLogStore extends HDFSLogStore {
  public SparkLocalLogStore(Configuration conf) {
    super(conf);
  }

  @Override
  public Iterator<FileStatus> listFrom(Path path, Configuration conf) throws IOException {
    Iterator<FileStatus> local = LocalLogStore.listLocal(path, conf);
    return local != null ? local : super.listFrom(path, conf);
  }
}
