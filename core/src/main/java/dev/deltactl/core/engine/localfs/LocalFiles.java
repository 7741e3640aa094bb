package dev.deltactl.core.engine.localfs;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFs;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FsServerDefaults;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.local.LocalConfigKeys;
import org.apache.hadoop.fs.permission.FsAction;
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

  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private LocalFiles() {}

  /** The Hadoop settings that select these classes for {@code file:} paths. */
  public static Map<String, String> settings() {
    return Map.of(FILE_SYSTEM_KEY, FileSystem.class.getName(), FILE_CONTEXT_KEY, FileContextFs.class.getName());
  }

  private static boolean forkless() {
    return POSIX && !NativeIO.isAvailable();
  }

  /** {@code fs.file.impl}: Hadoop's checksummed local file system over {@link Raw}. */
  public static final class FileSystem extends LocalFileSystem {
    public FileSystem() {
      super(new Raw());
    }
  }

  /** {@code fs.AbstractFileSystem.file.impl}: Hadoop's {@code LocalFs}, over {@link Raw}. */
  public static final class FileContextFs extends ChecksumFs {
    public FileContextFs(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(new RawFs(uri, conf));
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
    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      if (!forkless() || permission.getStickyBit()) {
        super.setPermission(p, permission);
        return;
      }
      try {
        Files.setPosixFilePermissions(pathToFile(p).toPath(), posix(permission));
      } catch (NoSuchFileException e) {
        throw new FileNotFoundException("File " + p + " does not exist");
      }
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

  static Set<PosixFilePermission> posix(FsPermission p) {
    Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
    add(out, p.getUserAction(), PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
        PosixFilePermission.OWNER_EXECUTE);
    add(out, p.getGroupAction(), PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
        PosixFilePermission.GROUP_EXECUTE);
    add(out, p.getOtherAction(), PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
        PosixFilePermission.OTHERS_EXECUTE);
    return out;
  }

  private static void add(Set<PosixFilePermission> out, FsAction a, PosixFilePermission r, PosixFilePermission w,
      PosixFilePermission x) {
    if (a.implies(FsAction.READ)) {
      out.add(r);
    }
    if (a.implies(FsAction.WRITE)) {
      out.add(w);
    }
    if (a.implies(FsAction.EXECUTE)) {
      out.add(x);
    }
  }
}
