package dev.deltactl.core.engine.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deltactl.core.api.CopyIntoRequest;
import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * copy-into's source files and their identity, the same for both Spark engines (no Spark type here).
 *
 * <p>A file is its full location, spelled one way whatever way the user spelled the folder: scheme
 * {@code s3}/{@code s3n} as {@code s3a}, {@code abfs}/{@code wasb[s]} as {@code abfss} on the account's
 * {@code dfs} host, scheme and host in lower case, {@code .}/{@code ..} and repeated or trailing slashes
 * removed, a local path made absolute with its symbolic links resolved (a folder reached through a link is
 * the folder it points to). It is recorded as loaded by a Delta application transaction whose id is derived
 * from that location and whose version is the file's modification time.
 *
 * <p>Every file selected lies inside the source folder: {@code --files} and {@code --pattern} names that
 * reach out of it ({@code ..}, absolute names) and files that are links to places outside it are refused.
 *
 * <p>Tables loaded before this identity recorded a file by its path relative to the source folder. Such a
 * record still counts, for the file it was made for: a file with that relative path counts as loaded when
 * its modification time is the one recorded, or when the commit that recorded it names the same folder;
 * a file of another folder loads. See {@link #lookUp}.
 */
final class CopyIntoFiles {
  /** Prefix of the application ids that record loaded files by their full location. */
  static final String APP_ID_PREFIX = "deltactl.copy-into.v2:";
  /** Prefix of the ids written before: the file's path relative to its folder. */
  static final String LEGACY_APP_ID_PREFIX = "deltactl.copy-into:";

  private CopyIntoFiles() {}

  /**
   * A source file: its path relative to the source folder (what is shown), its canonical location (what
   * identifies it), and its status.
   */
  record SourceFile(String relative, String location, FileStatus status) {}

  /** The source folder: as given, its canonical location, and its files sorted by relative path. */
  record Listing(String folder, List<SourceFile> files) {}

  /** The source files of a request, sorted by their path relative to the source folder. */
  static List<SourceFile> list(CopyIntoRequest r, Configuration conf) {
    return listing(r, conf).files();
  }

  /** The source folder's canonical location and its files. */
  static Listing listing(CopyIntoRequest r, Configuration conf) {
    try {
      Path given = new Path(r.source());
      FileSystem fs = given.getFileSystem(conf);
      Path qualified = fs.makeQualified(given);
      if (!fs.exists(qualified)) {
        throw new DeltactlException(ErrorCode.PATH_NOT_FOUND, "--from path not found: " + r.source());
      }
      FileStatus rootStatus = fs.getFileStatus(qualified);
      if (!rootStatus.isDirectory()) {
        throw DeltactlException.invalid("--from must be a folder; " + r.source()
            + " is a file (use --from with its folder and --files " + qualified.getName() + ")");
      }
      Folder folder = Folder.of(fs, qualified);
      List<SourceFile> out = new ArrayList<>();
      if (!r.files().isEmpty()) {
        for (String name : r.files()) {
          Path p = folder.child("--files", name);
          if (!fs.exists(p) || fs.getFileStatus(p).isDirectory()) {
            throw new DeltactlException(ErrorCode.PATH_NOT_FOUND, "--files: no file " + name + " in " + r.source());
          }
          out.add(folder.file("--files", fs.getFileStatus(p)));
        }
      } else if (r.pattern() != null) {
        folder.checkPattern(r.pattern());
        FileStatus[] matches = fs.globStatus(new Path(folder.root, r.pattern()));
        for (FileStatus s : matches == null ? new FileStatus[0] : matches) {
          if (s.isFile() && !hidden(folder.relative(s.getPath()))) {
            out.add(folder.file("--pattern", s));
          }
        }
      } else {
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(folder.root, true);
        while (it.hasNext()) {
          LocatedFileStatus s = it.next();
          if (!hidden(folder.relative(s.getPath()))) {
            out.add(folder.file("--from", s));
          }
        }
      }
      out.sort(Comparator.comparing(SourceFile::relative));
      return new Listing(folder.location, out);
    } catch (IOException e) {
      throw new DeltactlException(ErrorCode.OPERATION_FAILED, "cannot list " + r.source() + ": " + e.getMessage(), e);
    }
  }

  /** The source folder, resolved: where its files are listed from, and what lies inside it. */
  private static final class Folder {
    /** The folder to list (a local folder with its links resolved). */
    final Path root;
    /** Its canonical location. */
    final String location;
    /** A local folder's real path, to check that the files' real paths lie inside it; null elsewhere. */
    final java.nio.file.Path real;

    private Folder(Path root, String location, java.nio.file.Path real) {
      this.root = root;
      this.location = location;
      this.real = real;
    }

    static Folder of(FileSystem fs, Path qualified) throws IOException {
      URI uri = qualified.toUri();
      if ("file".equals(uri.getScheme())) {
        java.nio.file.Path real = java.nio.file.Path.of(uri).toRealPath();
        Path root = fs.makeQualified(new Path(real.toUri()));
        return new Folder(root, canonical(root.toUri()), real);
      }
      return new Folder(qualified, canonical(uri), null);
    }

    /** A file named relative to the folder, refused when the name reaches out of it. */
    Path child(String option, String name) {
      Path p = new Path(name);
      if (name.isBlank() || p.isAbsolute() || p.toUri().getScheme() != null || name.startsWith("/")) {
        throw outside(option, name, "is not a path relative to --from");
      }
      String location = canonical(new Path(root, name).toUri());
      if (!inside(location)) {
        throw outside(option, name, "is outside --from");
      }
      return new Path(root, name);
    }

    /** A glob that could match outside the folder ({@code ..}, absolute) is refused. */
    void checkPattern(String pattern) {
      if (pattern.isBlank() || pattern.startsWith("/") || new Path(pattern).toUri().getScheme() != null
          || Arrays.asList(pattern.split("/")).contains("..")) {
        throw outside("--pattern", pattern, "reaches outside --from; give a glob relative to the folder");
      }
    }

    boolean inside(String location) {
      return location.startsWith(this.location.endsWith("/") ? this.location : this.location + "/");
    }

    /** A selected file: refused when it lies, or links, outside the folder. */
    SourceFile file(String option, FileStatus s) throws IOException {
      String relative = relative(s.getPath());
      String location = canonical(s.getPath().toUri());
      if (!inside(location)) {
        throw outside(option, relative, "is outside --from");
      }
      if (real != null) {
        java.nio.file.Path target = java.nio.file.Path.of(s.getPath().toUri()).toRealPath();
        if (!target.startsWith(real)) {
          throw outside(option, relative, "is a link to a file outside --from (" + target + ")");
        }
        location = canonical(target.toUri());
      }
      return new SourceFile(relative, location, s);
    }

    String relative(Path p) {
      String path = canonical(p.toUri());
      return inside(path) ? path.substring(location.length() + (location.endsWith("/") ? 0 : 1)) : p.getName();
    }

    private DeltactlException outside(String option, String name, String why) {
      return DeltactlException.invalid(option + ": " + name + " " + why + " " + location
          .replaceFirst("^file://", "") + "; only files inside the folder are loaded");
    }
  }

  /**
   * One spelling of a location: the scheme in lower case ({@code file} when none), {@code s3} and {@code s3n}
   * as {@code s3a}, {@code abfs} and {@code wasb[s]} as {@code abfss} (a {@code wasb} account's
   * {@code blob} host as its {@code dfs} host), the host in lower case, the path normalised ({@code .},
   * {@code ..}, repeated and trailing slashes).
   */
  static String canonical(URI uri) {
    String scheme = uri.getScheme() == null ? "file" : uri.getScheme().toLowerCase(Locale.ROOT);
    String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
    switch (scheme) {
      case "s3", "s3n" -> scheme = "s3a";
      case "abfs", "wasb", "wasbs" -> {
        if (!scheme.equals("abfs")) {
          authority = authority.replaceFirst("(?i)\\.blob\\.", ".dfs.");
        }
        scheme = "abfss";
      }
      default -> { }
    }
    int at = authority.lastIndexOf('@');
    authority = authority.substring(0, at + 1) + authority.substring(at + 1).toLowerCase(Locale.ROOT);
    if (scheme.equals("file")) {
      authority = "";
    }
    String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("/{2,}", "/");
    path = URI.create("x:" + encode(path.isEmpty() ? "/" : path)).normalize().getSchemeSpecificPart();
    while (path.startsWith("/..")) { // above the root is the root
      path = path.substring(3);
    }
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return scheme + "://" + authority + (path.startsWith("/") ? path : "/" + path);
  }

  /** A path as a URI's path, so that its characters survive normalisation. */
  private static String encode(String path) {
    try {
      return new URI(null, null, path, null).getRawPath();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException(path, e);
    }
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
  static String appId(SourceFile f) {
    return APP_ID_PREFIX + sha256(f.location());
  }

  /** The id an earlier release recorded a file by: its path relative to the source folder. */
  static String legacyAppId(String relative) {
    return LEGACY_APP_ID_PREFIX + sha256(relative);
  }

  private static String sha256(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The ids to look up for these files: each one's own, and the earlier release's. */
  static List<String> ids(List<SourceFile> files) {
    List<String> out = new ArrayList<>();
    for (SourceFile f : files) {
      out.add(appId(f));
      out.add(legacyAppId(f.relative()));
    }
    return out;
  }

  /**
   * Where each file stands in the table's record: the version (modification time) recorded for it, absent
   * when it was never loaded; or, in {@code undecided}, why it cannot be told.
   *
   * <p>A file recorded by its location is what its record says. A file that an earlier release recorded by
   * its relative path only counts as loaded when that record was made for it: when the modification time
   * recorded is the file's own, or when the commit that made the record names this folder as its source
   * (the record of a file changed in place). A record of another folder's file of the same name does not
   * count, and the file loads. When the commit is no longer in the log, the file is left unloaded and
   * reported: {@code --force} loads it.
   *
   * @param recorded the version recorded under an id, null when none (on the classic engine it also
   *     registers the id as read, so that a concurrent record of it conflicts)
   * @param legacySources the source folder named by the commit that made each id's latest record
   */
  static Map<SourceFile, Long> lookUp(String folder, List<SourceFile> files, Function<String, Long> recorded,
      Function<Set<String>, Map<String, String>> legacySources, Map<SourceFile, String> undecided) {
    Map<SourceFile, Long> out = new LinkedHashMap<>();
    Map<SourceFile, Long> ambiguous = new LinkedHashMap<>();
    for (SourceFile f : files) {
      Long v = recorded.apply(appId(f));
      if (v != null) {
        out.put(f, v);
        continue;
      }
      Long legacy = recorded.apply(legacyAppId(f.relative()));
      if (legacy != null) {
        if (legacy == f.status().getModificationTime()) {
          out.put(f, legacy);
        } else {
          ambiguous.put(f, legacy);
        }
      }
    }
    if (!ambiguous.isEmpty()) {
      Set<String> ids = new HashSet<>();
      ambiguous.keySet().forEach(f -> ids.add(legacyAppId(f.relative())));
      Map<String, String> sources = legacySources.apply(ids);
      for (Map.Entry<SourceFile, Long> e : ambiguous.entrySet()) {
        String source = sources.get(legacyAppId(e.getKey().relative()));
        if (source == null || sameFolder(source, "file:///")) { // none, or typed as the working folder
          undecided.put(e.getKey(), "recorded as loaded by an earlier release under its relative name, from a"
              + " folder the log no longer tells; --force loads it");
        } else if (sameFolder(source, folder)) {
          out.put(e.getKey(), e.getValue());
        }
      }
    }
    return out;
  }

  /**
   * Whether a folder an earlier release recorded (as the user typed it) is this one: the same canonical
   * location, or, typed as a relative path, the end of this one's.
   */
  static boolean sameFolder(String recorded, String folder) {
    Path p = new Path(recorded);
    if (p.toUri().getScheme() != null || recorded.startsWith("/")) {
      return canonical(p.toUri()).equals(folder);
    }
    String tail = canonical(URI.create("file:///" + encode(recorded))).substring("file://".length());
    return tail.equals("/") || folder.endsWith(tail);
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The source folder a commit's userMetadata names, null when it is not copy-into's. */
  private static String copyIntoSource(String userMetadata) {
    try {
      JsonNode meta = JSON.readTree(userMetadata);
      return meta.path("copyInto").hasNonNull("source") ? meta.path("copyInto").get("source").asText() : null;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return null; // a userMetadata of another writer
    }
  }

  /**
   * The source folder named by the commit that made the latest record of each id ({@code copyInto.source}
   * in its userMetadata), read from the table's commit files newest first until each id is found. Ids whose
   * commit is no longer in the log are absent.
   */
  static Map<String, String> legacySources(String tablePath, Configuration conf, Set<String> ids) {
    Map<String, String> out = new HashMap<>();
    try {
      Path log = new Path(new Path(tablePath), "_delta_log");
      FileSystem fs = log.getFileSystem(conf);
      FileStatus[] commits = fs.listStatus(log, p -> p.getName().matches("\\d{20}\\.json"));
      Arrays.sort(commits, Comparator.comparing((FileStatus s) -> s.getPath().getName()).reversed());
      Set<String> left = new HashSet<>(ids);
      for (FileStatus c : commits) {
        if (left.isEmpty()) {
          break;
        }
        List<String> found = new ArrayList<>();
        String source = null;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(c.getPath()),
            StandardCharsets.UTF_8))) {
          for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.contains("\"txn\"") || line.contains("\"commitInfo\"")) {
              JsonNode n = JSON.readTree(line);
              if (n.has("txn") && left.contains(n.get("txn").path("appId").asText())) {
                found.add(n.get("txn").path("appId").asText());
              } else if (n.has("commitInfo") && n.get("commitInfo").hasNonNull("userMetadata")) {
                source = copyIntoSource(n.get("commitInfo").get("userMetadata").asText());
              }
            }
          }
        }
        for (String id : found) {
          left.remove(id);
          if (source != null) {
            out.put(id, source);
          }
        }
      }
    } catch (IOException e) {
      throw new DeltactlException(ErrorCode.OPERATION_FAILED, "cannot read the log of " + tablePath + ": "
          + e.getMessage(), e);
    }
    return out;
  }
}
