package dev.deltactl.core.api;

import dev.deltactl.core.error.DeltactlException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the settings that choose and configure an engine (a master, a Spark Connect URL, {@code --conf}
 * entries) before any engine opens, whichever command runs and wherever they came from (the command line,
 * a profile, the shell's {@code set}): a value Spark or Kernel would reject late, or never look at, is bad
 * input (exit 2) named with where it came from. Secrets in the values are masked in the messages.
 */
public final class Settings {
  /** What a master may be, for messages. */
  public static final String MASTERS = "local, local[N], local[*], local[N,F], spark://HOST:PORT[,HOST:PORT],"
      + " yarn, k8s://[https://]HOST[:PORT], or a Spark Connect URL sc://HOST[:PORT][/;token=...]";

  // the forms Spark's SparkMasterRegex accepts for local masters (N threads, F task failures)
  private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|[0-9]+)(?:\\s*,\\s*([0-9]+))?])?");
  private static final Pattern LOCAL_CLUSTER =
      Pattern.compile("local-cluster\\[\\s*[0-9]+\\s*,\\s*[0-9]+\\s*,\\s*[0-9]+\\s*]");
  private static final Pattern KEY_CHARS = Pattern.compile("[^\\s\\p{Cntrl}=]+");

  private Settings() {}

  /**
   * Checks a master: a Spark master URL as Spark parses them, or a Spark Connect URL.
   *
   * @param what where it came from, for the message: {@code --master}, {@code master of profile 'p'}
   */
  public static void checkMaster(String master, String what) {
    String why = masterProblem(master);
    if (why != null) {
      throw DeltactlException.invalid("invalid " + what + " '" + Secrets.redactUrls(master) + "': " + why);
    }
  }

  /** Checks a Spark Connect URL ({@code --remote}), as the Spark Connect client parses it. */
  public static void checkRemote(String url, String what) {
    if (url == null || !url.strip().regionMatches(true, 0, "sc://", 0, 5)) {
      throw DeltactlException.invalid(what + " takes a Spark Connect URL, sc://HOST[:PORT][/;token=...], not '"
          + Secrets.redactUrls(url) + "' (a master URL goes to --master)");
    }
    String why = connectProblem(url);
    if (why != null) {
      throw DeltactlException.invalid("invalid " + what + " '" + Secrets.redactUrls(url) + "': " + why);
    }
  }

  /**
   * Checks one setting: a key (not empty, no spaces or control characters) and, for deltactl's own keys, the
   * value.
   */
  public static void checkConf(String key, String value, String what) {
    String shown = (key == null ? "" : key) + "=" + Secrets.display(key == null ? "" : key, value == null ? "" : value);
    if (key == null || key.isEmpty()) {
      throw DeltactlException.invalid("invalid " + what + " '" + shown
          + "': the key is empty; give KEY=VALUE, e.g. spark.sql.shuffle.partitions=8");
    }
    if (!KEY_CHARS.matcher(key).matches()) {
      throw DeltactlException.invalid("invalid " + what + " '" + shown
          + "': a key has no spaces or control characters; give KEY=VALUE, e.g. spark.sql.shuffle.partitions=8");
    }
    if (key.startsWith("deltactl.")) {
      switch (key) {
        case EngineConfig.CONNECT_TIMEOUT, EngineConfig.METASTORE_WAIT -> Durations.parse(value, what + " " + key);
        case "deltactl.kernel" -> {
          if (!"true".equalsIgnoreCase(value) && !"false".equalsIgnoreCase(value)) {
            throw DeltactlException.invalid("invalid " + what + " '" + shown + "': deltactl.kernel is true or false");
          }
        }
        default -> {
          // deltactl's other keys (the shell's) are checked where they are read
        }
      }
    }
  }

  /** Checks every setting of {@code conf}. */
  public static void checkConf(Map<String, String> conf, String what) {
    conf.forEach((k, v) -> checkConf(k, v, what));
  }

  /** Why {@code master} is not a master, or null when it is one. */
  private static String masterProblem(String master) {
    if (master == null || master.isBlank()) {
      return "it is empty; expected " + MASTERS;
    }
    if (!master.equals(master.strip())) {
      return "it has spaces around it";
    }
    if (master.regionMatches(true, 0, "sc://", 0, 5)) {
      return connectProblem(master);
    }
    Matcher local = LOCAL.matcher(master);
    if (local.matches()) {
      if (local.group(1) != null && local.group(1).matches("0+")) {
        return "local needs at least 1 thread (local[1]), or local[*] for one per core";
      }
      return null;
    }
    if (LOCAL_CLUSTER.matcher(master).matches() || master.equals("yarn")) {
      return null;
    }
    if (master.startsWith("spark://")) {
      // Spark's Utils.extractHostPortFromSparkUrl, for each master of a list
      for (String hp : master.substring("spark://".length()).split(",", -1)) {
        String why = hostPortProblem("spark://" + hp, true);
        if (why != null) {
          return why + " (spark://HOST:PORT, e.g. spark://master:7077)";
        }
      }
      return null;
    }
    if (master.startsWith("k8s://")) {
      String api = master.substring("k8s://".length());
      String why = hostPortProblem(api.contains("://") ? api : "https://" + api, false);
      return why == null ? null : why + " (k8s://https://HOST:PORT)";
    }
    return "expected " + MASTERS;
  }

  /** Why a Connect URL is not one, as the Spark Connect client checks it; null when it is one. */
  private static String connectProblem(String url) {
    if (url.strip().length() == 5) {
      return "no host; expected sc://HOST[:PORT][/;token=...;use_ssl=true]";
    }
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      return "not a URL (" + e.getReason() + "); expected sc://HOST[:PORT][/;token=...;use_ssl=true]";
    }
    if (uri.getHost() == null) {
      return "no host; expected sc://HOST[:PORT][/;token=...;use_ssl=true]";
    }
    if (uri.getPort() == 0 || uri.getPort() > 65535) {
      return "port " + uri.getPort() + " is not in 1 to 65535";
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      return "parameters go after /; (sc://HOST:PORT/;token=...), not after ? or #";
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    String[] parts = path.split(";", -1);
    if (!parts[0].isEmpty() && !parts[0].equals("/")) {
      return "a Spark Connect URL has no path ('" + parts[0] + "'); parameters go after /; (sc://HOST:PORT/;token=...)";
    }
    for (int i = 1; i < parts.length; i++) {
      String kv = parts[i];
      if (kv.isEmpty()) {
        continue;
      }
      int eq = kv.indexOf('=');
      if (eq <= 0 || eq == kv.length() - 1 || kv.indexOf('=', eq + 1) >= 0) {
        String shown = eq > 0 && Secrets.isSecretKey(kv.substring(0, eq)) ? kv.substring(0, eq + 1) + Secrets.MASK : kv;
        return "parameter '" + shown + "' is not NAME=VALUE";
      }
    }
    return null;
  }

  private static String hostPortProblem(String url, boolean portRequired) {
    if (url.endsWith("://")) {
      return "no host";
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return "not a URL (" + e.getReason() + ")";
    }
    if (uri.getHost() == null) {
      return "no host";
    }
    if (portRequired && uri.getPort() < 0) {
      return "no port";
    }
    if (uri.getPort() == 0 || uri.getPort() > 65535) {
      return "port " + uri.getPort() + " is not in 1 to 65535";
    }
    if (portRequired && (uri.getRawPath() != null && !uri.getRawPath().isEmpty() || uri.getRawQuery() != null
        || uri.getRawFragment() != null || uri.getRawUserInfo() != null)) {
      return "a master URL has no path, query or user";
    }
    return null;
  }
}
