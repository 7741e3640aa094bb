package dev.deltactl.core.engine.localfs;

import io.delta.storage.HDFSLogStore;
import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * Delta's log store for local paths ({@link HDFSLogStore}, the default for {@code file:}) with a listing whose
 * cost follows what it returns. Delta's own {@code listFrom} takes the status of every file in
 * {@code _delta_log} (five system calls each through Hadoop's local file system) and then keeps those from the
 * version asked for: reading the newest commits of a log of 100,000 commits stat'ed 110,000 files, twice
 * (once for the snapshot, once for its history). This reads the folder's names (one {@code getdents} per few
 * hundred), keeps those from the name asked for, and takes the status of those only, with one system call
 * each. What Delta reads of it is what Delta's own returns: the same paths, lengths, modification times, kinds
 * and order, Hadoop's checksum files left out as the checksummed file system leaves them out, an entry that is
 * not there (removed meanwhile, a broken link) skipped; permissions and owners are read only if asked for.
 * Writes are Delta's own. On any other file system, Delta's own listing.
 *
 * <p>Named for the {@code file} scheme by {@link LocalFiles#settings()} (Delta Kernel); the Spark sessions
 * deltactl opens name {@code engine.spark.SparkLocalLogStore}, the same listing over the Spark loader's copy of
 * Delta's storage classes.
 */
public class LocalLogStore extends HDFSLogStore {
  /** Delta Kernel's setting for the {@code file} scheme's log store, a Hadoop setting. */
  public static final String KERNEL_KEY = "io.delta.kernel.logStore.file.impl";

  public LocalLogStore(Configuration conf) {
    super(conf);
  }

  @Override
  public Iterator<FileStatus> listFrom(Path path, Configuration conf) throws IOException {
    Iterator<FileStatus> local = listLocal(path, conf);
    return local != null ? local : super.listFrom(path, conf);
  }

  /**
   * What {@code HDFSLogStore.listFrom} returns for a path on the local file system, or null for any other
   * file system (or a log folder that is a file or unreadable, for Delta's own to say so). Shared with the
   * Spark engine's log store, which extends its own class loader's {@code HDFSLogStore}.
   */
  public static Iterator<FileStatus> listLocal(Path path, Configuration conf) throws IOException {
    FileSystem fs = path.getFileSystem(conf);
    boolean checksummed = fs instanceof ChecksumFileSystem;
    FileSystem raw = checksummed ? ((ChecksumFileSystem) fs).getRawFileSystem() : fs;
    if (!(raw instanceof RawLocalFileSystem local)) {
      return null;
    }
    Path parent = fs.makeQualified(path.getParent());
    File dir = local.pathToFile(parent);
    String[] names = dir.list();
    if (names == null) {
      if (dir.exists()) { // a file, or a folder it may not read: Hadoop's own says which
        return null;
      }
      throw new FileNotFoundException("File " + path.getParent() + " does not exist"); // as given, as Hadoop's
    }
    String from = path.getName();
    List<String> kept = new ArrayList<>();
    for (String name : names) {
      // Hadoop's checksum files (.NAME.crc) are hidden by the checksummed file system, as its listing hides them
      if (name.compareTo(from) >= 0 && !(checksummed && name.startsWith(".") && name.endsWith(".crc"))) {
        kept.add(name);
      }
    }
    String[] sorted = kept.toArray(new String[0]);
    Arrays.sort(sorted);
    long blockSize = raw.getDefaultBlockSize(parent);
    List<FileStatus> out = new ArrayList<>(sorted.length);
    for (String name : sorted) {
      // the name as one path segment, whatever it holds (a colon), as Hadoop builds it
      FileStatus s = LocalFiles.status(new File(dir, name), blockSize, new Path(parent, new Path(null, null, name)));
      if (s != null) {
        out.add(s);
      }
    }
    return out.iterator();
  }
}
