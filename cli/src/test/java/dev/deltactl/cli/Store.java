package dev.deltactl.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An object store the tests run commands on: its name, the URI its tables go under, and the settings deltactl
 * is given to reach it (as {@code --conf}, the way a user would; the README's profile examples hold the same).
 * {@code data} is the server's own folder for the store, when it keeps one (S3Proxy's file system backend),
 * where a test can look at what the commands wrote.
 */
public record Store(String name, String root, Map<String, String> conf, Path data) {
  public static final String BUCKET = "deltactl-test";
  /** A second S3 bucket, whose client a test may open with other settings (Hadoop keeps one per bucket). */
  public static final String OTHER_BUCKET = "deltactl-other";
  public static final String S3_KEY = "deltactl-key";
  public static final String S3_SECRET = "deltactl-secret-value";
  /** Azurite's development account and its published key. */
  public static final String AZURE_ACCOUNT = "devstoreaccount1";
  public static final String AZURE_KEY =
      "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

  static Store s3(int port, Path data) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("fs.s3a.endpoint", "http://127.0.0.1:" + port);
    c.put("fs.s3a.endpoint.region", "us-east-1");
    c.put("fs.s3a.path.style.access", "true");
    c.put("fs.s3a.connection.ssl.enabled", "false");
    c.put("fs.s3a.access.key", S3_KEY);
    c.put("fs.s3a.secret.key", S3_SECRET);
    c.put("fs.s3a.attempts.maximum", "2");
    c.put("fs.s3a.retry.limit", "2");
    return new Store("s3", "s3a://" + BUCKET, Map.copyOf(c), data);
  }

  static Store azure(int port) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("fs.azure.abfs.endpoint", "127.0.0.1:" + port);
    c.put("fs.azure.always.use.https", "false");
    c.put("fs.azure.account.key." + AZURE_ACCOUNT + ".dfs.core.windows.net", AZURE_KEY);
    c.put("fs.azure.networking.library", "JDK_HTTP_URL_CONNECTION");
    c.put("fs.azure.io.retry.max.retries", "2");
    c.put("fs.azure.createRemoteFileSystemDuringInitialization", "true");
    return new Store("azure", "abfs://" + BUCKET + "@" + AZURE_ACCOUNT + ".dfs.core.windows.net", Map.copyOf(c),
        null);
  }

  /**
   * Real stores to run the storage suite on too (ADLS Gen2 with a hierarchical namespace, GCS, S3 itself),
   * which no local server imitates: named in a properties file given by {@code DELTACTL_LIVE_STORES}, written
   * like profiles ({@code NAME.root = abfss://container@account.dfs.core.windows.net/deltactl-tests},
   * {@code NAME.conf.KEY = VALUE} for each Hadoop setting); none when it is not set.
   */
  static List<Store> live() {
    String file = System.getenv("DELTACTL_LIVE_STORES");
    if (file == null || file.isBlank()) {
      return List.of();
    }
    java.util.Properties p = new java.util.Properties();
    try (java.io.Reader r = java.nio.file.Files.newBufferedReader(Path.of(file))) {
      p.load(r);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("DELTACTL_LIVE_STORES names " + file + ", which cannot be read", e);
    }
    List<Store> out = new ArrayList<>();
    for (String name : new java.util.TreeSet<>(p.stringPropertyNames())) {
      if (name.endsWith(".root")) {
        String store = name.substring(0, name.length() - ".root".length());
        Map<String, String> c = new LinkedHashMap<>();
        p.stringPropertyNames().stream().filter(k -> k.startsWith(store + ".conf.")).sorted()
            .forEach(k -> c.put(k.substring((store + ".conf.").length()), p.getProperty(k).strip()));
        out.add(new Store("live-" + store, p.getProperty(name).strip().replaceAll("/+$", ""), Map.copyOf(c), null));
      }
    }
    return out;
  }

  /**
   * This store with its settings in the tests' shared embedded session too, as a user's {@code --conf} puts
   * them in its own (in-process commands attach to that session, which the commands' settings do not reach).
   */
  public Store inSession() {
    if (TestCli.engineKind().equals("embedded")) {
      conf.forEach((k, v) -> TestCli.engine().sparkSession().conf().set(k, v));
    }
    return this;
  }

  /** A new folder of this store for one test. */
  public String folder(String name) {
    return root + "/" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** {@code --conf KEY=VALUE} for each setting, then the arguments. */
  public String[] args(String... args) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, String> e : conf.entrySet()) {
      out.add("--conf");
      out.add(e.getKey() + "=" + e.getValue());
    }
    out.addAll(List.of(args));
    return out.toArray(String[]::new);
  }

  @Override
  public String toString() {
    return name;
  }
}
