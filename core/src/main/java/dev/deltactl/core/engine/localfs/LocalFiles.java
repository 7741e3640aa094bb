package dev.deltactl.core.engine.localfs;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFs;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FsConstants;
import org.apache.hadoop.fs.FsServerDefaults;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.local.LocalConfigKeys;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.io.nativeio.NativeIO;

/**
 * Hadoop's local file system without a process per file. Without Hadoop's native library (which no Maven
 * artifact carries), {@link RawLocalFileSystem} runs {@code chmod} for every file and folder it creates and
 * {@code readlink} for every rename made through a {@code FileContext} (each Delta commit): a process each,
 * two dozen for one OPTIMIZE of a small table. These subclasses change the permission and read the link
 * with {@code java.nio} instead; anything else (and any platform without POSIX attributes, or with the
 * native library loaded) is Hadoop's own code.
 *
 * <p>{@link #settings()} names them for the {@code file} scheme; engines that run in this process apply
 * them (executors of a cluster do not have these classes).
 */
public final class LocalFiles {
  /** The FileSystem for {@code file:} paths. */
  public static final String FILE_SYSTEM_KEY = "fs.file.impl";
  /** The AbstractFileSystem (FileContext) for {@code file:} paths: Delta's commits rename through it. */
  public static final String FILE_CONTEXT_KEY = "fs.AbstractFileSystem.file.impl";

  /** The JDK's {@code unix:mode} attribute: the whole mode, set-id and sticky bits included. */
  private static final boolean UNIX = FileSystems.getDefault().supportedFileAttributeViews().contains("unix");

  private LocalFiles() {}

  /** The Hadoop settings that select these classes for {@code file:} paths. */
  public static Map<String, String> settings() {
    return Map.of(FILE_SYSTEM_KEY, FileSystem.class.getName(), FILE_CONTEXT_KEY, FileContextFs.class.getName(),
        LocalLogStore.KERNEL_KEY, LocalLogStore.class.getName());
  }

  private static boolean forkless() {
    return UNIX && !NativeIO.isAvailable();
  }

  /**
   * A listed entry's attributes, its links followed, or null for one Hadoop's listing skips: one that
   * {@code File.exists()} denies (removed since the folder was read, a broken link, a loop of links, a link
   * into a folder this user may not read). Anything else that fails is an error, as it is for Hadoop.
   */
  private static BasicFileAttributes attributes(File file) throws IOException {
    try {
      return Files.readAttributes(file.toPath(), BasicFileAttributes.class);
    } catch (IOException e) {
      if (!file.exists()) {
        return null;
      }
      throw e;
    }
  }

  /**
   * The status of a listed entry with one system call, named {@code path}, or null for one Hadoop's listing
   * skips (see {@link #attributes}): what the local listings here build for each name they keep.
   */
  static FileStatus status(File file, long blockSize, Path path) throws IOException {
    BasicFileAttributes a = attributes(file);
    if (a == null) {
      return null;
    }
    return forkless() ? new NioStatus(a.size(), a.isDirectory(), blockSize, a.lastModifiedTime().toMillis(),
        a.lastAccessTime().toMillis(), path) : new FileStatus(a.size(), a.isDirectory(), 1, blockSize,
        a.lastModifiedTime().toMillis(), a.lastAccessTime().toMillis(), null, null, null, path);
  }

  /** {@code fs.file.impl}: Hadoop's checksummed local file system over {@link Raw}. */
  public static final class FileSystem extends LocalFileSystem {
    public FileSystem() {
      super(new Raw());
    }
  }

  /** {@code fs.AbstractFileSystem.file.impl}: Hadoop's {@code LocalFs}, over {@link Raw}. */
  public static final class FileContextFs extends ChecksumFs {
    /** As Hadoop's {@code LocalFs}: the URI asked for aside, always {@code file:///}. */
    public FileContextFs(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(new RawFs(FsConstants.LOCAL_FS_URI, conf));
    }
  }

  /** Hadoop's {@code RawLocalFs} (package-private there), over {@link Raw}. */
  static final class RawFs extends DelegateToFileSystem {
    RawFs(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(uri, new Raw(), conf, "file", false);
    }

    @Override
    public int getUriDefaultPort() {
      return -1;
    }

    @Override
    public FsServerDefaults getServerDefaults(Path f) throws IOException {
      return LocalConfigKeys.getServerDefaults();
    }

    @Override
    @Deprecated
    public FsServerDefaults getServerDefaults() throws IOException {
      return LocalConfigKeys.getServerDefaults();
    }

    @Override
    public boolean isValidName(String src) {
      return true;
    }
  }

  /** {@link RawLocalFileSystem} with permissions set and links read through {@code java.nio}. */
  public static final class Raw extends RawLocalFileSystem {
    /**
     * What Hadoop's own runs, {@code chmod} with the mode's four octal digits, as one system call: the
     * mode exactly for a file; for a folder, its set-user-ID and set-group-ID bits kept (GNU chmod keeps
     * them unless the number has a fifth digit), so a shared folder's group goes on to what is written in it.
     */
    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      if (!forkless()) {
        super.setPermission(p, permission);
        return;
      }
      java.nio.file.Path file = pathToFile(p).toPath();
      try {
        int mode = permission.toShort() & 01777;
        if (Files.isDirectory(file)) { // chmod follows a link, as this does
          mode |= (Integer) Files.getAttribute(file, "unix:mode") & 06000;
        }
        Files.setAttribute(file, "unix:mode", mode);
      } catch (NoSuchFileException e) {
        throw new FileNotFoundException("File " + p + " does not exist");
      }
    }

    @Override
    public FileStatus getFileStatus(Path f) throws IOException {
      return NioStatus.of(super.getFileStatus(f));
    }

    /**
     * Hadoop's own listing with one system call per entry where it makes five ({@code exists},
     * {@code isDirectory}, {@code length}, {@code lastModified}, and {@code exists} again): the same statuses
     * (paths built as Hadoop builds them, links followed, an entry removed meanwhile left out), each
     * {@link NioStatus}.
     */
    @Override
    public FileStatus[] listStatus(Path f) throws IOException {
      File dir = pathToFile(f);
      String[] names = forkless() && dir.isDirectory() ? dir.list() : null;
      if (names == null) { // not a folder, not there, not readable, or not a POSIX system: Hadoop's own says
        FileStatus[] all = super.listStatus(f);
        for (int i = 0; i < all.length; i++) {
          all[i] = NioStatus.of(all[i]);
        }
        return all;
      }
      long blockSize = getDefaultBlockSize(f);
      List<FileStatus> out = new ArrayList<>(names.length);
      for (String name : names) {
        File file = pathToFile(new Path(f, new Path(null, null, name)));
        FileStatus s = status(file, blockSize, new Path(file.getPath()).makeQualified(getUri(), getWorkingDirectory()));
        if (s != null) {
          out.add(s);
        }
      }
      return out.toArray(new FileStatus[0]);
    }

    @Override
    public FileStatus getFileLinkStatus(Path f) throws IOException {
      // Hadoop's own asks `readlink` about new File(f.toString()), which names a link only for a path
      // without a scheme; when it names none, the answer is the file's status
      if (forkless() && !Files.isSymbolicLink(new File(f.toString()).toPath())) {
        return getFileStatus(f);
      }
      return super.getFileLinkStatus(f);
    }
  }

  /**
   * A file's status whose permission, owner and group are read with {@code java.nio} when first asked for.
   * Hadoop's own status runs {@code ls -ld} for them, a process per file: every recursive listing builds a
   * {@code LocatedFileStatus}, which asks for them, so listing a folder of 100,000 files started 100,000
   * processes. A link's are its target's, as Hadoop's own says them.
   */
  static final class NioStatus extends FileStatus {
    private static final long serialVersionUID = 1L;
    private boolean loaded;

    private NioStatus(FileStatus s) throws IOException {
      super(s.getLen(), s.isDirectory(), s.getReplication(), s.getBlockSize(), s.getModificationTime(),
          s.getAccessTime(), null, null, null, s.isSymlink() ? s.getSymlink() : null, s.getPath());
    }

    private NioStatus(long length, boolean folder, long blockSize, long modified, long accessed, Path path) {
      super(length, folder, 1, blockSize, modified, accessed, null, null, null, path);
    }

    /** Hadoop's status of a local file that would fork for its permission, as one that does not. */
    static FileStatus of(FileStatus s) throws IOException {
      return forkless() && s.getClass().getName().endsWith("$DeprecatedRawLocalFileStatus") ? new NioStatus(s) : s;
    }

    private synchronized void load() {
      if (loaded) {
        return;
      }
      try {
        Map<String, Object> a = Files.readAttributes(new File(getPath().toUri().getPath()).toPath(),
            "unix:mode,owner,group");
        setPermission(new FsPermission((short) ((Integer) a.get("mode") & 01777)));
        setOwner(((java.nio.file.attribute.UserPrincipal) a.get("owner")).getName());
        setGroup(((java.nio.file.attribute.GroupPrincipal) a.get("group")).getName());
      } catch (IOException e) {
        // as Hadoop's own, which fails the same way when ls cannot read the file
        throw new RuntimeException("Error while reading the permissions of " + getPath(), e);
      }
      loaded = true;
    }

    @Override
    public FsPermission getPermission() {
      load();
      return super.getPermission();
    }

    @Override
    public String getOwner() {
      load();
      return super.getOwner();
    }

    @Override
    public String getGroup() {
      load();
      return super.getGroup();
    }

    @Override
    public void write(java.io.DataOutput out) throws IOException {
      load(); // the permission, owner and group are written too
      super.write(out);
    }

    @Override
    public boolean equals(Object o) {
      return super.equals(o); // the path, as Hadoop's own
    }

    @Override
    public int hashCode() {
      return super.hashCode();
    }
  }
}
