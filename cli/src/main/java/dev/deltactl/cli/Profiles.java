package dev.deltactl.cli;

import dev.deltactl.core.api.Settings;
import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Named connection profiles, in {@code profiles.properties} in the user's config folder:
 * <pre>
 * prod.master = spark://spark-master:7077
 * prod.conf.fs.s3a.access.key = ...
 * prod.conf.fs.s3a.secret.key = ...
 * connect.remote = sc://spark-connect:15002/;token=...
 * </pre>
 * A profile is a master (or a Spark Connect URL: {@code remote}) and {@code --conf} entries (storage credentials included); the command line's own
 * {@code --master} and {@code --conf} win over the profile's.
 */
public final class Profiles {
  /** A profile: its master (null: the default) and its settings. */
  public record Profile(String name, String master, Map<String, String> conf) {}

  private final Path file;
  private final Map<String, Profile> profiles;

  private Profiles(Path file, Map<String, Profile> profiles) {
    this.file = file;
    this.profiles = profiles;
  }

  /** The profiles file: $DELTACTL_HOME, else $XDG_CONFIG_HOME/deltactl, else ~/.config/deltactl. */
  public static Path defaultFile() {
    return Shell.configDir().resolve("profiles.properties");
  }

  /** Reads the file; none is no profile. */
  public static Profiles load(Path file) {
    Map<String, Profile> out = new TreeMap<>();
    if (!Files.exists(file)) {
      return new Profiles(file, out);
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException | IllegalArgumentException e) {
      throw new DeltactlException(ErrorCode.INVALID_ARGUMENT, "cannot read the profiles in " + file + ": "
          + e.getMessage(), e);
    }
    Map<String, String> masters = new LinkedHashMap<>();
    Map<String, Map<String, String>> confs = new LinkedHashMap<>();
    for (String key : new TreeMap<>(toMap(p)).keySet()) {
      String value = p.getProperty(key).strip();
      int dot = key.indexOf('.');
      String name = dot < 0 ? key : key.substring(0, dot);
      String rest = dot < 0 ? "" : key.substring(dot + 1);
      if (rest.equals("master") || rest.equals("remote")) {
        if (masters.containsKey(name)) {
          throw new DeltactlException(ErrorCode.INVALID_ARGUMENT, "profile '" + name + "' in " + file
              + " names two engines (master, remote): keep one");
        }
        check(name, file, () -> {
          if (rest.equals("remote")) {
            Settings.checkRemote(value, "remote");
          } else {
            Settings.checkMaster(value, "master");
          }
        });
        masters.put(name, value);
      } else if (rest.startsWith("conf.") && rest.length() > 5) {
        check(name, file, () -> Settings.checkConf(rest.substring(5), value, "setting"));
        confs.computeIfAbsent(name, n -> new LinkedHashMap<>()).put(rest.substring(5), value);
      } else {
        throw new DeltactlException(ErrorCode.INVALID_ARGUMENT, "unknown key '" + key + "' in " + file
            + " (a profile has NAME.master or NAME.remote, and NAME.conf.KEY entries)");
      }
    }
    for (String name : union(masters.keySet(), confs.keySet())) {
      // sorted by key: the same order in every listing and run
      out.put(name, new Profile(name, masters.get(name),
          java.util.Collections.unmodifiableMap(new TreeMap<>(confs.getOrDefault(name, Map.of())))));
    }
    return new Profiles(file, out);
  }

  /** Runs a check of a profile's setting: a bad one is exit 2 naming the profile and the file. */
  private static void check(String name, Path file, Runnable check) {
    try {
      check.run();
    } catch (DeltactlException e) {
      throw new DeltactlException(e.code(), "profile '" + name + "' in " + file + ": " + e.getMessage());
    }
  }

  private static Map<String, String> toMap(Properties p) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String k : p.stringPropertyNames()) {
      m.put(k, p.getProperty(k));
    }
    return m;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> out = new java.util.TreeSet<>(a);
    out.addAll(b);
    return out;
  }

  public Map<String, Profile> all() {
    return profiles;
  }

  public Path file() {
    return file;
  }

  /** The profile called {@code name}; exit 2 naming the ones there are when there is none. */
  public Profile get(String name) {
    Profile p = profiles.get(name);
    if (p == null) {
      throw DeltactlException.invalid("no profile '" + name + "' in " + file + " (profiles: "
          + (profiles.isEmpty() ? "none" : String.join(", ", profiles.keySet())) + ")");
    }
    return p;
  }

  /** A warning when others than the owner can read the file (it may hold credentials); null when fine. */
  public String permissionWarning() {
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
        return file + " can be read by other users and may hold credentials; chmod 600 it";
      }
    } catch (IOException | UnsupportedOperationException e) {
      return null;
    }
    return null;
  }
}
