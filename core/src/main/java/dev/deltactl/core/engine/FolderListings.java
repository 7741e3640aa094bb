package dev.deltactl.core.engine;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Whether files exist, answered by listing each folder they are in once (an object store lists a folder of a
 * thousand files in one request or a few pages, where it would answer a request per file): the cost follows the
 * folders (a table's partitions), not the files.
 */
public final class FolderListings {
  private final FileSystem fs;
  private final Map<Path, Map<String, Long>> folders = new HashMap<>();
  private long listings;

  public FolderListings(FileSystem fs) {
    this.fs = fs;
  }

  /** The size of the file, or null when its folder has no file of that name (or the folder is gone). */
  public Long size(Path file) throws IOException {
    Path q = fs.makeQualified(file);
    Map<String, Long> names = folders.get(q.getParent());
    if (names == null) {
      names = list(q.getParent());
      folders.put(q.getParent(), names);
    }
    return names.get(q.getName());
  }

  public boolean exists(Path file) throws IOException {
    return size(file) != null;
  }

  /** How many folders were listed. */
  public long listings() {
    return listings;
  }

  private Map<String, Long> list(Path folder) throws IOException {
    listings++;
    Map<String, Long> out = new HashMap<>();
    FileStatus[] statuses;
    try {
      statuses = fs.listStatus(folder);
    } catch (FileNotFoundException e) {
      return out;
    }
    for (FileStatus s : statuses) {
      if (s.isFile()) {
        out.put(s.getPath().getName(), s.getLen());
      }
    }
    return out;
  }

  /** The names a folder is known to hold, for tests. */
  Set<String> known(Path folder) {
    Map<String, Long> names = folders.get(fs.makeQualified(folder));
    return names == null ? Set.of() : new HashSet<>(names.keySet());
  }
}
