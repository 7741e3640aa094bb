package dev.deltactl.core.engine.spark;

import dev.deltactl.core.api.CopyIntoRequest;
import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * copy-into's source files and their identity, the same for both Spark engines (no Spark type here): a
 * file is its path relative to the source folder, recorded as loaded by a Delta application transaction
 * whose id is derived from that path and whose version is the file's modification time.
 */
final class CopyIntoFiles {
  /** Prefix of the application ids that record loaded files. */
  static final String APP_ID_PREFIX = "deltactl.copy-into:";

  private CopyIntoFiles() {}

  /** A source file: its path relative to the source folder, and its status. */
  record SourceFile(String relative, FileStatus status) {}

  /** The source files of a request, sorted by their path relative to the source folder. */
  static List<SourceFile> list(CopyIntoRequest r, Configuration conf) {
    Path root = new Path(r.source());
    List<SourceFile> out = new ArrayList<>();
    try {
      FileSystem fs = root.getFileSystem(conf);
      if (!fs.exists(root)) {
        throw new DeltactlException(ErrorCode.PATH_NOT_FOUND, "--from path not found: " + r.source());
      }
      root = fs.getFileStatus(root).getPath();
      if (!fs.getFileStatus(root).isDirectory()) {
        throw DeltactlException.invalid("--from must be a folder; " + r.source()
            + " is a file (use --from with its folder and --files " + root.getName() + ")");
      }
      String prefix = root.toUri().getPath().replaceAll("/+$", "") + "/";
      if (!r.files().isEmpty()) {
        for (String name : r.files()) {
          Path p = new Path(root, name);
          if (!fs.exists(p) || fs.getFileStatus(p).isDirectory()) {
            throw new DeltactlException(ErrorCode.PATH_NOT_FOUND, "--files: no file " + name + " in " + r.source());
          }
          out.add(new SourceFile(relative(prefix, fs.getFileStatus(p)), fs.getFileStatus(p)));
        }
      } else if (r.pattern() != null) {
        FileStatus[] matches = fs.globStatus(new Path(root, r.pattern()));
        for (FileStatus s : matches == null ? new FileStatus[0] : matches) {
          if (s.isFile() && !hidden(relative(prefix, s))) {
            out.add(new SourceFile(relative(prefix, s), s));
          }
        }
      } else {
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
        while (it.hasNext()) {
          LocatedFileStatus s = it.next();
          String rel = relative(prefix, s);
          if (!hidden(rel)) {
            out.add(new SourceFile(rel, s));
          }
        }
      }
    } catch (IOException e) {
      throw new DeltactlException(ErrorCode.OPERATION_FAILED, "cannot list " + r.source() + ": " + e.getMessage(), e);
    }
    out.sort((a, b) -> a.relative().compareTo(b.relative()));
    return out;
  }

  static String relative(String prefix, FileStatus s) {
    String p = s.getPath().toUri().getPath();
    return p.startsWith(prefix) ? p.substring(prefix.length()) : s.getPath().getName();
  }

  /** Files Spark's readers skip too: any part of the path starting with _ or . (like _SUCCESS, .crc). */
  private static boolean hidden(String relative) {
    for (String part : relative.split("/")) {
      if (part.startsWith("_") || part.startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  /** The application id that records a file as loaded. */
  static String appId(String relative) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(relative.getBytes(StandardCharsets.UTF_8));
      return APP_ID_PREFIX + HexFormat.of().formatHex(d, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
